import { seedDemo } from '../../../db/seeds/demo.js';
import { migrationStatus, isPostgresUrl } from '../../services/db.js';
import { AppError } from '../../services/errors.js';
import { t } from '../../services/i18n/index.js';
import { dbTarget, openAndMigrate, openExistingDb, parseCommandArgs, printJson, prompt, type CliContext } from '../context.js';
import { ensureAdministrator, userCount } from '../../services/setup.js';

export async function run(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'migrate': {
      parseCommandArgs(rest, {}, false);
      const { db, applied } = await openAndMigrate(ctx);
      try {
        ctx.out((applied.length ? t('cli.migrated', { list: applied.join(', ') }) : t('cli.upToDate')) + '\n');
        const created = await ensureAdministrator(db, ctx, async () => {
          const a = await prompt(ctx, t('firstRun.askPassword'), true);
          const b = await prompt(ctx, t('cli.promptConfirm'), true);
          if (a !== b) throw new AppError('validation.passwordMismatch');
          return a;
        });
        if (created) ctx.out(t('firstRun.created') + '\n');
        else if (!(await userCount(db))) ctx.out(t('firstRun.noAdminYet') + '\n');
      } finally {
        await db.destroy();
      }
      return;
    }
    case 'seed': {
      const { values } = parseCommandArgs(rest, { demo: { type: 'boolean' } }, false);
      if (!values.demo) throw new AppError('cli.seedNeedsDemo');
      const { db } = await openAndMigrate(ctx);
      try {
        const n = await seedDemo(db);
        ctx.out(t('cli.seeded', n) + '\n');
      } finally {
        await db.destroy();
      }
      return;
    }
    case 'status': {
      const { values } = parseCommandArgs(rest, { json: { type: 'boolean' } }, false);
      const target = dbTarget(ctx);
      const db = await openExistingDb(ctx).catch(async (e) => {
        if (e instanceof AppError && e.key === 'errors.dbNotMigrated') {
          const { openDb } = await import('../../services/db.js');
          return openDb(target);
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
        const shown = isPostgresUrl(target) ? target.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : target;
        if (values.json) printJson(ctx, { database: shown, applied: st.applied, pending: st.pending, ...counts });
        else {
          ctx.out(`${t('cli.dbPath')}: ${shown}\n`);
          ctx.out(`${t('cli.dbApplied')}: ${st.applied.join(', ') || '—'}\n`);
          ctx.out(`${t('cli.dbPending')}: ${st.pending.join(', ') || '—'}\n`);
          if (counts) ctx.out(`${t('option.users')}: ${counts.users}   ${t('option.companies')}: ${counts.companies}\n`);
        }
      } finally {
        await db.destroy();
      }
      return;
    }
    default:
      throw new AppError(sub ? 'cli.unknownCommand' : 'cli.missingArg', { cmd: `db ${sub}`, what: 'migrate | seed --demo | status' });
  }
}
