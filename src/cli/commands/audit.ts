import { listAudit } from '../../services/auditQuery.js';
import { AppError } from '../../services/errors.js';
import { formatDateTime, t } from '../../services/i18n/index.js';
import type { Handler, Invocation } from '../definitions.js';
import { printJson, printTable, type CliContext } from '../context.js';
import { asUser } from './session.js';

// audit list [--json] [--limit N] (definitions: src/cli/definitions.ts)
const list = (ctx: CliContext, { values }: Invocation) => {
  const limitText = values.limit as string | undefined;
  if (limitText !== undefined && !/^\d+$/.test(limitText)) throw new AppError('cli.badInt', { field: '--limit' });
  return asUser(ctx, async (db, actor) => {
    const rows = await listAudit(db, actor, { limit: limitText ? Number(limitText) : 500 });
    if (values.json) printJson(ctx, rows);
    else
      printTable(
        ctx,
        [t('audit.at'), t('audit.who'), t('audit.action'), t('audit.entity'), t('audit.field'), t('audit.old'), t('audit.new')],
        rows.map((r) => [formatDateTime(r.at), r.actor ?? '', r.action, `${r.entity} ${r.entityKey}`, r.field, r.old ?? '', r.new ?? '']),
      );
  });
};

export const handlers: Record<string, Handler> = { list };
