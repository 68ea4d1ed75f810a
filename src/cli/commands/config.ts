import { getConfigDisplay, listConfig, setConfig } from '../../services/config.js';
import { AppError } from '../../services/errors.js';
import { t } from '../../services/i18n/index.js';
import { loginCli, openExistingDb, parseCommandArgs, printJson, printTable, type CliContext } from '../context.js';

export async function run(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'list' && sub !== 'get' && sub !== 'set')
    throw new AppError(sub ? 'cli.unknownCommand' : 'cli.missingArg', { cmd: `config ${sub}`, what: 'list | get KEY | set KEY VALUE' });
  const { values, positionals } = parseCommandArgs(rest, { json: { type: 'boolean' } });
  const db = await openExistingDb(ctx);
  try {
    const actor = await loginCli(ctx, db);
    if (sub === 'list') {
      const entries = await listConfig(db, actor);
      if (values.json)
        printJson(
          ctx,
          entries.map((e) => ({ key: e.key, value: e.display, secret: e.secret, set: e.isSet })),
        );
      else
        printTable(
          ctx,
          [t('field.key'), t('field.value')],
          entries.map((e) => [e.key, e.display]),
        );
    } else if (sub === 'get') {
      const key = positionals[0];
      if (!key) throw new AppError('cli.missingArg', { what: 'KEY' });
      const e = await getConfigDisplay(db, actor, key);
      if (values.json) printJson(ctx, { key: e.key, value: e.display, secret: e.secret, set: e.isSet });
      else ctx.out((e.secret ? (e.isSet ? t('config.secretSet') : '') : e.display) + '\n');
    } else {
      const [key, ...valueParts] = positionals;
      if (!key || valueParts.length === 0) throw new AppError('cli.missingArg', { what: 'KEY VALUE' });
      const e = await setConfig(db, actor, key, valueParts.join(' '));
      ctx.out(t('cli.configSet', { key: e!.key }) + '\n');
    }
  } finally {
    await db.destroy();
  }
}
