import { listAudit } from '../../services/auditQuery.js';
import { AppError } from '../../services/errors.js';
import { formatDateTime, t } from '../../services/i18n/index.js';
import { loginCli, openExistingDb, parseCommandArgs, printJson, printTable, type CliContext } from '../context.js';

export async function run(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'list') throw new AppError(sub ? 'cli.unknownCommand' : 'cli.missingArg', { cmd: `audit ${sub}`, what: 'list' });
  const { values } = parseCommandArgs(rest, { json: { type: 'boolean' }, limit: { type: 'string' } }, false);
  const db = await openExistingDb(ctx);
  try {
    const actor = await loginCli(ctx, db);
    const rows = await listAudit(db, actor, { limit: values.limit ? Number(values.limit) : 500 });
    if (values.json) printJson(ctx, rows);
    else
      printTable(
        ctx,
        [t('audit.at'), t('audit.who'), t('audit.action'), t('audit.entity'), t('audit.field'), t('audit.old'), t('audit.new')],
        rows.map((r) => [formatDateTime(r.at), r.actor ?? '', r.action, `${r.entity} ${r.entityKey}`, r.field, r.old ?? '', r.new ?? '']),
      );
  } finally {
    await db.destroy();
  }
}
