import { getConfigDisplay, listConfig, setConfig } from '../../services/config.js';
import { t } from '../../services/i18n/index.js';
import type { Handler, Invocation } from '../definitions.js';
import { printJson, printTable, type CliContext } from '../context.js';
import { asUser } from './session.js';

// config list | get KEY | set KEY VALUE… (definitions: src/cli/definitions.ts)

type Entry = Awaited<ReturnType<typeof getConfigDisplay>>;
const entryJson = (e: Entry) => ({ key: e.key, value: e.display, secret: e.secret, set: e.isSet });

const list = (ctx: CliContext, { values }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const entries = await listConfig(db, actor);
    if (values.json) printJson(ctx, entries.map(entryJson));
    else
      printTable(
        ctx,
        [t('field.key'), t('field.value')],
        entries.map((e) => [e.key, e.display]),
      );
  });

const get = (ctx: CliContext, { values, positionals }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const e = await getConfigDisplay(db, actor, positionals[0]!);
    if (values.json) printJson(ctx, entryJson(e));
    else ctx.out((e.secret ? (e.isSet ? t('config.secretSet') : '') : e.display) + '\n');
  });

const set = (ctx: CliContext, { values, positionals }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const [key, ...valueParts] = positionals;
    const saved = await setConfig(db, actor, key!, valueParts.join(' '));
    if (values.json) printJson(ctx, entryJson(await getConfigDisplay(db, actor, saved!.key)));
    else ctx.out(t('cli.configSet', { key: saved!.key }) + '\n');
  });

export const handlers: Record<string, Handler> = { list, get, set };
