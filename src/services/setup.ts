import type { Db } from './db.js';
import { audit } from './audit.js';
import { REPORTS } from './reports/catalog.js';
import { SHARED_FUNCTIONS, reportFunction } from './rights.js';
import { nowIso } from './time.js';
import { createUser, requirePasswordPolicy } from './users/index.js';

export async function userCount(db: Db): Promise<number> {
  const [{ n }] = (await db('users').count({ n: '*' })) as [{ n: number | string }];
  return Number(n);
}

const FIRST_ADMINISTRATOR = { code: 'admin', name: 'Administrateur' } as const;

/**
 * A new database without demo data gets one administrator, "admin", with every right,
 * and the password the installer chose. There is no default password outside the demo.
 */
export async function createFirstAdministrator(db: Db, password: string): Promise<void> {
  if ((await userCount(db)) > 0) return;
  requirePasswordPolicy(password, FIRST_ADMINISTRATOR);
  // One transaction: the company, the administrator, their rights and the audit row, or nothing.
  await db.transaction(async (trx) => {
    let company = await trx('companies').orderBy('id').first('code');
    if (!company) {
      const ts = nowIso();
      await trx('companies').insert({ code: 'PRX', name: 'Compagnie principale', created_at: ts, updated_at: ts });
      company = { code: 'PRX' };
    }
    const code = company.code as string;
    const admin = await createUser(trx, null, { ...FIRST_ADMINISTRATOR, default_company: code, companies: [code] }, password);
    await trx('rights').insert(
      [...SHARED_FUNCTIONS, ...REPORTS.map((r) => reportFunction(r.code))].map((fn) => ({
        user_id: admin.id,
        function_code: fn,
        level: 'modification',
      })),
    );
    await audit(trx, null, 'first_run', 'user', 'admin');
  });
}

/** CLI side of the first run: PRX_ADMIN_PASSWORD, else a prompt on a terminal. */
export async function ensureAdministrator(
  db: Db,
  io: { env: NodeJS.ProcessEnv; stdin: { isTTY?: boolean } },
  ask?: () => Promise<string>,
): Promise<boolean> {
  if ((await userCount(db)) > 0) return false;
  let password = io.env.PRX_ADMIN_PASSWORD;
  if (password === undefined) {
    if (!io.stdin.isTTY || !ask) return false;
    password = await ask();
  }
  await createFirstAdministrator(db, password);
  return true;
}
