// Rows written straight into the tables, for tests that need many of them.
import type { Db } from '../../src/services/db.js';
import { insertMail } from '../../src/services/mail/outboxStore.js';
import { newClaim } from '../../src/services/mail/claims.js';

/**
 * `n` audit entries (admin changed the name of user e0000, e0001, …), one second apart from
 * `from`, numbered in the order they happened.
 */
export async function insertAuditEntries(db: Db, n: number, from = Date.UTC(2026, 0, 1)): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => ({
    at: new Date(from + i * 1000).toISOString(),
    actor_code: 'admin',
    action: 'update',
    entity: 'user',
    entity_key: `e${String(i).padStart(4, '0')}`,
    field: 'name',
  }));
  for (let i = 0; i < rows.length; i += 200) await db('audit_log').insert(rows.slice(i, i + 200));
}

/** `n` mails of `userId` in the outbox ("Envoi 0", "Envoi 1", … to dest0@example.com, …), as a send records them. */
export async function insertMails(db: Db, userId: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await insertMail(
      db,
      {
        userId,
        to: [`dest${i}@example.com`],
        cc: [],
        subject: `Envoi ${i}`,
        body: '',
        report: 'USR01',
        company: 'MTL',
        attachment: { name: 'USR01.pdf', size: 1000, sha256: 'ab'.repeat(32) },
      },
      newClaim(),
    );
}
