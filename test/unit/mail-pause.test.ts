// A pause between two tries is noted in the outbox row (issue 14, silent waits): whoever
// reads the journal meanwhile (another console, the CLI) learns why the mail waits and
// when the next try comes; the next try clears it, and a sent mail keeps no trace of it.
import { describe, expect, it } from 'vitest';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { waitFor } from '../helpers/google.js';
import { getOutboxEntry, sendReport, type OutboxEntry } from '../../src/services/mail/index.js';

// jtremblay mails through Gmail, linked before each test.
const t = googleTestDb({ gmail: true, linked: true });

describe('a pause between two tries', () => {
  it('is in the journal while it lasts (the try, why, when the next comes), gone once sent', async () => {
    t.sim.setFault('gmail', { status: 429, retryAfter: 3, count: 1 });
    let pausedAt = 0;
    const sending = sendReport(t.db, t.me, {
      google: t.google,
      code: 'USR01',
      to: ['destinataire@example.com'],
      onProgress: (p) => {
        if (p.phase === 'upload' && p.state === 'retry') pausedAt = Date.now();
      },
    });
    await waitFor(() => pausedAt > 0, 15_000);
    const outboxId = Number((await t.db('outbox').max({ id: 'id' }).first())!.id);
    let entry: OutboxEntry | null = null;
    // The note is written just after the progress event: read until it is there.
    for (let i = 0; i < 100 && !entry?.pause; i++) {
      entry = await getOutboxEntry(t.db, t.me, outboxId);
      if (!entry.pause) await new Promise((r) => setTimeout(r, 20));
    }
    expect(entry!.status).toBe('sending');
    expect(entry!.pause).toMatchObject({ attempt: 1, why: 'Gmail limite les envois, HTTP 429' });
    const wait = Date.parse(entry!.pause!.retryAt) - pausedAt;
    expect(wait).toBeGreaterThan(2_000);
    expect(wait).toBeLessThan(4_000);
    expect(entry!.error).toBeNull();
    await sending;
    const sent = await getOutboxEntry(t.db, t.me, outboxId);
    expect([sent.status, sent.pause, sent.error]).toEqual(['sent', null, null]);
  });
});
