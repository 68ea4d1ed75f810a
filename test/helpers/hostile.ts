// Text that would take over the terminal if printed raw, stored as data written before the
// fields refused it (or by hand) would hold it.
import type { Db } from '../../src/services/db.js';

/** A name that, printed raw, sets the terminal's title and clears the screen. */
export const PWNED = 'Julie \u001b]0;pwned\u0007\u001b[2J';

/** jtremblay named PWNED with the address `email`, and the audit entry of that rename. */
export async function plantHostileUser(db: Db, email: string): Promise<void> {
  await db('users').where({ code: 'jtremblay' }).update({ name: PWNED, email });
  await db('audit_log').insert({
    at: new Date().toISOString(),
    actor_code: 'admin',
    action: 'update',
    entity: 'user',
    entity_key: 'jtremblay',
    field: 'name',
    old_value: 'Julie',
    new_value: PWNED,
  });
}
