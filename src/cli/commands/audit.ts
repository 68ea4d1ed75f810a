import { eachAudit } from '../../services/auditQuery.js';
import { AppError } from '../../services/errors.js';
import { formatDateTime } from '../../services/i18n/index.js';
import type { Handler, Invocation } from '../definitions.js';
import type { CliContext } from '../context.js';
import { mapChunks, printJsonChunks, printTableChunks } from '../stream.js';
import { asUser } from './session.js';

// audit list [--json] [--limit N|all] (definitions: src/cli/definitions.ts): the newest
// entries, 500 by default, streamed chunk by chunk (read by position, newest first).
const list = (ctx: CliContext, { values }: Invocation) => {
  const limitText = values.limit as string | undefined;
  if (limitText !== undefined && limitText !== 'all' && !/^\d+$/.test(limitText)) throw new AppError('cli.badInt', { field: '--limit' });
  const limit = limitText === 'all' ? Infinity : limitText ? Number(limitText) : 500;
  return asUser(ctx, async (db, actor) => {
    const rows = eachAudit(db, actor, limit);
    if (values.json) await printJsonChunks(ctx, rows);
    else
      await printTableChunks(
        ctx,
        [
          ctx.t('audit.at'),
          ctx.t('audit.who'),
          ctx.t('audit.action'),
          ctx.t('audit.entity'),
          ctx.t('audit.field'),
          ctx.t('audit.old'),
          ctx.t('audit.new'),
        ],
        mapChunks(rows, (r) => [
          formatDateTime(r.at, ctx.lang),
          r.actor ?? '',
          r.action,
          `${r.entity} ${r.entityKey}`,
          r.field,
          r.old ?? '',
          r.new ?? '',
        ]),
      );
  });
};

export const handlers: Record<string, Handler> = { list };
