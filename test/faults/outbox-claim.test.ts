// Two servers (here two processes) retrying the same failed mail at the same moment: the
// row is claimed by one of them (a conditional UPDATE on SQLite, SELECT … FOR UPDATE SKIP
// LOCKED on PostgreSQL), so the mail goes out exactly once; the other says it is being sent.
import { afterEach, describe, expect, it } from 'vitest';
import { PG_URL } from '../helpers/pgdb.js';
import { linkedRig, type Rig } from './harness.js';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const engines = [
  { name: 'SQLite', engine: 'sqlite' as const, skip: false },
  { name: 'PostgreSQL', engine: 'pg' as const, skip: !PG_URL },
];

describe.each(engines)('outbox retry on $name', ({ engine, skip }) => {
  it.skipIf(skip)(
    'two processes retry the same failed mail at once: exactly one send',
    async () => {
      rig = await linkedRig('jtremblay', engine);
      const r = rig;
      const dir = r.copy('claim');
      const subject = `claim ${engine}`;
      // A first send refused by Gmail (400): the mail is `failed`, nothing delivered.
      r.sim.setFault('gmail', { status: 400, count: 1 });
      const first = await r.cli(dir, ['report', 'send', 'USR01', '--to', 'dest@example.com', '--subject', subject]);
      expect(first.code).not.toBe(0);
      const id = Number(/n° (\d+) dans le journal/.exec(first.err)?.[1]);
      expect(id).toBeGreaterThan(0);
      expect(r.sim.received()).toHaveLength(0);

      // Google takes its time answering, so the two retries overlap.
      r.sim.setAnswerGate(() => new Promise((ok) => setTimeout(ok, 1500)));
      const [a, b] = await Promise.all([r.cli(dir, ['outbox', 'retry', String(id)]), r.cli(dir, ['outbox', 'retry', String(id)])]);
      const codes = [a.code, b.code].sort();
      expect(codes[0]).toBe(0);
      expect(codes[1]).not.toBe(0);
      const loser = a.code === 0 ? b : a;
      expect(loser.err).toMatch(/Le courriel n° \d+ (est en cours d’envoi|a déjà été envoyé)/);
      expect(r.sim.received().filter((m) => m.raw.includes(`Subject: ${subject}\r\n`))).toHaveLength(1);
    },
    120_000,
  );
});
