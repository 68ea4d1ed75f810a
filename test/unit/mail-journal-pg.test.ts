// The sent journal on PostgreSQL without a log file (PRX_LOG=/dev/null): the folder a
// sender writes a Gmail id to must be the one the next settle reads, or a mail Gmail has
// stays "sending", is then called uncertain, and may be sent twice.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataHome } from '../../src/paths.js';
import { newClaim, release } from '../../src/services/mail/claims.js';
import { journalDir, writeSentEntry } from '../../src/services/mail/journal.js';
import { insertMail } from '../../src/services/mail/outboxStore.js';
import { settleOutbox } from '../../src/services/mail/settle.js';
import { makePgTestDb, PG_URL } from '../helpers/pgdb.js';
import type { TestDb } from '../helpers/db.js';

describe.skipIf(!PG_URL)('sent journal on PostgreSQL without a log file', () => {
  let t: TestDb | null = null;
  let home: string | null = null;
  const saved = { log: process.env.PRX_LOG, xdg: process.env.XDG_DATA_HOME };
  afterEach(async () => {
    await t?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    process.env.PRX_LOG = saved.log;
    if (saved.xdg === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = saved.xdg;
  });

  it('a Gmail id journalled by the sender (in the data folder) is recorded sent by the next settle', async () => {
    process.env.PRX_LOG = '/dev/null';
    home = mkdtempSync(path.join(os.tmpdir(), 'prx-journal-'));
    process.env.XDG_DATA_HOME = home;
    t = await makePgTestDb();
    const db = t.db;
    const user = (await db('users').orderBy('id').first('id')) as { id: number };
    const claim = newClaim();
    const id = await insertMail(
      db,
      {
        userId: Number(user.id),
        to: ['a@example.com'],
        cc: [],
        subject: 's',
        body: 'b',
        report: 'R',
        company: null,
        attachment: { name: 'r.pdf', size: 1, sha256: 'x' },
      },
      claim,
    );
    release(claim);
    // Where a sender journals on PostgreSQL without a log file: the runtime's data folder
    // (dataDirOf: dataHome(env)), as the sender sees it (and the settler must too).
    const written = writeSentEntry(path.join(dataHome(process.env), 'sent-journal'), db, id, 'gm-42');
    expect(journalDir(db)).toBe(path.join(home, 'prextra-console', 'sent-journal'));
    expect(written).not.toBeNull();

    const report = await settleOutbox(db);

    expect(report.sent).toBe(1);
    const row = await db('outbox').where({ id }).first('status', 'gmail_message_id');
    expect(row).toMatchObject({ status: 'sent', gmail_message_id: 'gm-42' });
  });
});
