// The bench user databases of bench/lists.mjs and bench/reports.mjs at 10k, 100k and 1M
// users: created by the built console with its demo data, then the bench users (one transaction,
// the FTS index kept by its triggers). A million users take a minute or two to insert, so
// each size is built once into .bench/dbs/ (git-ignored), named after what it is made of
// (the migrations, the seed, the bench users), and each measurement works on a copy.
//
// Sizes: BENCH_SIZES (comma-separated user counts; default 10000,100000; the issue-11
// figures: BENCH_SIZES=10000,100000,1000000).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import { insertBenchUsers } from './fixtures/people.mjs';
import { CLI, OUT, ROOT, consoleEnv } from './lib/env.mjs';

export const SIZES = (process.env.BENCH_SIZES ?? '10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);

/** "10k", "100k", "1M". */
export const sizeName = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

function recipe() {
  const h = createHash('sha256');
  const files = [
    ...readdirSync(path.join(ROOT, 'db', 'migrations'))
      .sort()
      .map((f) => path.join('db', 'migrations', f)),
    path.join('db', 'seeds', 'demo.ts'),
    path.join('bench', 'fixtures', 'people.mjs'),
  ];
  for (const f of files) h.update(f).update(readFileSync(path.join(ROOT, f)));
  return h.digest('hex').slice(0, 12);
}

/**
 * A copy, at `file`, of the database with the demo data and `size` bench users (built into
 * the cache first when missing). Returns the time the build took (0 when cached).
 */
export async function copyUsersDb(size, file, log) {
  const dir = path.join(OUT, 'dbs');
  mkdirSync(dir, { recursive: true });
  const cached = path.join(dir, `users-${size}-${recipe()}.sqlite`);
  let built = 0;
  if (!existsSync(cached)) {
    const t0 = Date.now();
    log(`  building the ${sizeName(size)}-user database (kept in ${path.relative(ROOT, dir)}) …`);
    const tmp = `${cached}.tmp`;
    rmSync(tmp, { force: true });
    // `db seed --demo` creates, migrates and fills a new database (and only a new one).
    execFileSync(process.execPath, [CLI, 'db', 'seed', '--demo'], { env: consoleEnv(path.dirname(tmp), tmp), stdio: 'ignore' });
    const db = knexFactory({ client: 'sqlite3', connection: { filename: tmp }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
    try {
      await insertBenchUsers(db, size);
      await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      await db.destroy();
    }
    for (const extra of ['-wal', '-shm']) rmSync(tmp + extra, { force: true });
    renameSync(tmp, cached);
    built = Date.now() - t0;
    log(`  built in ${(built / 1000).toFixed(0)} s`);
  }
  copyFileSync(cached, file);
  return built;
}
