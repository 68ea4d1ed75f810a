// The audit trail read by position (issue 11): newest first, a page before the oldest one
// shown, never OFFSET; `audit list` streams what it prints. SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { ENGINES } from '../helpers/pgdb.js';
import { insertAuditEntries, insertMails } from '../helpers/rows.js';
import { runCli } from '../helpers/cli.js';
import { listAudit } from '../../src/services/auditQuery.js';
import { listOutbox } from '../../src/services/mail/outbox.js';

describe.each(ENGINES)('audit trail on %s', (_name, make, skip) => {
  const t = eachTestDb(make, skip);

  it.skipIf(skip)('pages back in time from the oldest entry shown, losing and repeating nothing', async () => {
    await t.db('audit_log').delete();
    await insertAuditEntries(t.db, 25);
    const admin = await t.actor('admin');
    const seen: string[] = [];
    const queries: string[] = [];
    t.db.on('query', (q: { sql: string }) => queries.push(q.sql));
    let before: number | null = null;
    for (;;) {
      const page = await listAudit(t.db, admin, { before, limit: 10 });
      if (!page.length) break;
      seen.push(...page.map((r) => r.entityKey));
      before = page.at(-1)!.id;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `e${String(24 - i).padStart(4, '0')}`));
    expect(queries.filter((sql) => /\boffset\b/i.test(sql))).toEqual([]);
  });

  it.skipIf(skip)('the mail journal pages back by position too', async () => {
    const admin = await t.actor('admin');
    await insertMails(t.db, admin.id, 7);
    const subjects: string[] = [];
    let before: number | null = null;
    for (;;) {
      const page = await listOutbox(t.db, admin, { before, limit: 3 });
      if (!page.length) break;
      subjects.push(...page.map((m) => m.subject));
      before = page.at(-1)!.id;
    }
    expect(subjects).toEqual(['Envoi 6', 'Envoi 5', 'Envoi 4', 'Envoi 3', 'Envoi 2', 'Envoi 1', 'Envoi 0']);
  });

  it.skipIf(skip)('audit list --limit all --json prints the whole trail as one array; a bad limit is one sentence', async () => {
    await insertAuditEntries(t.db, 1200);
    const total = Number((await t.db('audit_log').count({ n: '*' }))[0]!.n);
    const all = await runCli(t, 'admin', ['audit', 'list', '--json', '--limit', 'all']);
    expect(all.code).toBe(0);
    const list = JSON.parse(all.out) as Array<{ id: number }>;
    expect(list.length).toBeGreaterThanOrEqual(total);
    expect(list.map((r) => r.id)).toEqual([...list.map((r) => r.id)].sort((a, b) => b - a));
    const few = await runCli(t, 'admin', ['audit', 'list', '--json', '--limit', '3']);
    expect((JSON.parse(few.out) as unknown[]).length).toBe(3);
    const bad = await runCli(t, 'admin', ['audit', 'list', '--limit', 'beaucoup']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/limit/);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });
});
