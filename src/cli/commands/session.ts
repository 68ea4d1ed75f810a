import type { Db } from '../../services/db.js';
import type { Actor } from '../../services/rights.js';
import { loginCli, openExistingDb, type CliContext } from '../context.js';

/** Opens the database, logs in as --user / PRX_USER, runs `work`, closes the database. */
export async function asUser<T>(ctx: CliContext, work: (db: Db, actor: Actor) => Promise<T>): Promise<T> {
  const db = await openExistingDb(ctx);
  try {
    return await work(db, await loginCli(ctx, db));
  } finally {
    await db.destroy();
  }
}
