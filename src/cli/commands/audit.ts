import { eachAudit } from '../../services/auditQuery.js';
import { AppError } from '../../services/errors.js';
import { auditText } from '../../services/auditText.js';
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
        // The table in words, like the Audit screen; --json keeps the stored values.
        mapChunks(rows, (r) => {
          const a = auditText(r, ctx.lang);
          return [a.at, a.who, a.action, a.object, a.field, a.old, a.new];
        }),
      );
  });
};

export const handlers: Record<string, Handler> = { list };
