import { seedDemo } from '../../../db/seeds/demo.js';
import { migrationStatus, redactDbTarget } from '../../services/db.js';
import { AppError } from '../../services/errors.js';
import { formatBytes } from '../../services/i18n/index.js';
import type { Handler, Invocation } from '../definitions.js';
import { openAndMigrate, openExistingDb, printJson, prompt, type CliContext } from '../context.js';
import { ensureAdministrator, userCount } from '../../services/setup.js';

// db migrate | seed --demo | status (definitions: src/cli/definitions.ts)

async function migrate(ctx: CliContext, { values }: Invocation): Promise<void> {
  const { db, applied } = await openAndMigrate(ctx);
  try {
    const created = await ensureAdministrator(db, ctx, async () => {
      const a = await prompt(ctx, ctx.t('firstRun.askPassword'), true);
      const b = await prompt(ctx, ctx.t('cli.promptConfirm'), true);
      if (a !== b) throw new AppError('validation.passwordMismatch');
      return a;
    });
    const noAdmin = !created && !(await userCount(db));
    if (values.json) printJson(ctx, { applied, administratorCreated: created });
    else {
      ctx.out((applied.length ? ctx.t('cli.migrated', { list: applied.join(', ') }) : ctx.t('cli.upToDate')) + '\n');
      if (created) ctx.out(ctx.t('firstRun.created') + '\n');
    }
    // Advice, not a result: on standard error.
    if (noAdmin) ctx.err(ctx.t('firstRun.noAdminYet') + '\n');
  } finally {
    await db.destroy();
  }
}

async function seed(ctx: CliContext, { values }: Invocation): Promise<void> {
  if (!values.demo) throw new AppError('cli.seedNeedsDemo');
  const { db } = await openAndMigrate(ctx);
  try {
    const n = await seedDemo(db);
    if (values.json) printJson(ctx, n);
    else ctx.out(ctx.t('cli.seeded', n) + '\n');
  } finally {
    await db.destroy();
  }
}

async function status(ctx: CliContext, { values }: Invocation): Promise<void> {
  const target = ctx.rt.dbTarget;
  const db = await openExistingDb(ctx).catch(async (e) => {
    if (e instanceof AppError && e.key === 'errors.dbNotMigrated') {
      const { openDb } = await import('../../services/db.js');
      return openDb(target, { env: ctx.env });
    }
    throw e;
  });
  try {
    const st = await migrationStatus(db);
    const counts = st.pending.length
      ? null
      : {
          users: Number(((await db('users').count({ n: '*' })) as Array<{ n: number }>)[0]!.n),
          companies: Number(((await db('companies').count({ n: '*' })) as Array<{ n: number }>)[0]!.n),
        };
    const shown = redactDbTarget(target);
    if (values.json) printJson(ctx, { database: shown, applied: st.applied, pending: st.pending, ...counts });
    else {
      ctx.out(`${ctx.t('cli.dbPath')}: ${shown}\n`);
      ctx.out(`${ctx.t('cli.dbApplied')}: ${st.applied.join(', ') || '—'}\n`);
      ctx.out(`${ctx.t('cli.dbPending')}: ${st.pending.join(', ') || '—'}\n`);
      if (counts) ctx.out(`${ctx.t('option.users')}: ${counts.users}   ${ctx.t('option.companies')}: ${counts.companies}\n`);
    }
  } finally {
    await db.destroy();
  }
}

async function backup(ctx: CliContext, { values, positionals }: Invocation): Promise<void> {
  const target = ctx.rt.dbTarget;
  const { backupDatabase, refuseUnlessSqlite } = await import('../../services/backup.js');
  // PostgreSQL: the sentence about pg_dump, before any connection is made.
  refuseUnlessSqlite(target, positionals[0]!);
  const db = await openExistingDb(ctx);
  try {
    const b = await backupDatabase(db, target, positionals[0]!);
    if (values.json) printJson(ctx, b);
    else ctx.out(ctx.t('backup.done', { file: b.file, size: formatBytes(b.bytes, ctx.lang) }) + '\n');
  } finally {
    await db.destroy();
  }
}

export const handlers: Record<string, Handler> = { migrate, seed, status, backup };
