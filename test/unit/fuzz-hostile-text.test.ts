// Issue 8, the fuzz test: every text field and address, fed hostile strings through the CLI
// and the services. Each answer is the field's own sentence or the value accepted and drawn
// back escaped; never a crash ("Erreur inattendue"), never a raw control byte on stdout or
// stderr, never a message key looked up from what the user typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { AppError, ValidationError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { createCompany, updateCompany, getCompany } from '../../src/services/companies.js';
import { setConfig } from '../../src/services/config.js';
import { createUser, loadUser, updateUser } from '../../src/services/users/index.js';
import { validateRecipients } from '../../src/services/mail/recipients.js';
import { terminalSafe } from '../../src/services/terminalText.js';

const HOSTILE: ReadonlyArray<readonly [label: string, value: string]> = [
  ['OSC title + BEL + clear', 'Julie \u001b]0;pwned\u0007\u001b[2J'],
  ['RIS', 'x\u001bc'],
  ['C1 CSI', 'Julie\u009b2J'],
  ['NUL', 'a\u0000b'],
  ['DEL', 'a\u007fb'],
  ['CR', 'a\rb'],
  ['new line', 'ligne 1\nligne 2'],
  ['CR LF', 'ligne 1\r\nligne 2'],
  ['tab', 'a\tb'],
  ['bidi override', 'abc\u202egpj.exe'],
  ['bidi isolate', '\u2066x\u2069'],
  ['zero-width space alone', '\u200b'],
  ['invalid UTF-8 (as Node decodes it)', 'Julie\ufffd'],
  ['unpaired surrogate', 'x\ud800y'],
  ['1 MB', 'x'.repeat(1 << 20)],
  ['@-prefixed (a message key)', '@field.code'],
  ['@-prefixed sentence key', '@auth.invalid'],
  ['line separator', 'a\u2028b'],
];

/** Bytes a terminal obeys: C0 (line feed aside), DEL, C1; and the bidi controls. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
/** An @-prefixed value is text, never a message key: its key's translation must not show for it. */
const looksUp = (value: string, text: string) =>
  (value === '@field.code' && /« Code d’utilisateur »|Code d’utilisateur :.*Code d’utilisateur/.test(text)) ||
  (value === '@auth.invalid' && /mot de passe invalide/.test(text));

let t: TestDb;
beforeAll(async () => {
  t = await makeTestDb();
});
afterAll(async () => {
  await t.close();
});

/** One CLI answer: exit 0 or a usage/refusal code, one sentence, nothing raw, no crash. */
function expectCleanAnswer(r: { code: number; out: string; err: string }, what: string): void {
  expect([0, 1, 2, 3, 4, 5, 6], `${what}: exit ${r.code} ${r.err}`).toContain(r.code);
  expect(r.out, what).not.toMatch(RAW);
  expect(r.err, what).not.toMatch(RAW);
  expect(r.err, what).not.toContain('Erreur inattendue');
  if (r.code !== 0) expect(r.err.trim().split('\n'), what).toHaveLength(1);
}

const USER_TEXT_FIELDS = ['name', 'email', 'contact', 'customer_no', 'signature'] as const;

describe.each(USER_TEXT_FIELDS)('users set … %s=<hostile>', (field) => {
  it.each(HOSTILE)('%s', async (label, value) => {
    const before = (await loadUser(t.db, 'jtremblay'))!;
    const r = await runCli(t, 'admin', ['users', 'set', 'jtremblay', `${field}=${value}`]);
    expectCleanAnswer(r, `${field} ${label}`);
    expect(looksUp(value, r.err), r.err).toBe(false);
    const after = (await loadUser(t.db, 'jtremblay'))!;
    if (r.code !== 0) {
      // The field's own sentence, and nothing saved.
      expect(r.err).toMatch(/^prextra-console: [^:]+ : /);
      expect(after.row_version).toBe(before.row_version);
      return;
    }
    // Accepted: stored as typed (trimmed), and drawn back escaped by users show.
    const stored = (after as unknown as Record<string, string>)[field]!;
    expect(stored).toBe(value.trim());
    const shown = await runCli(t, 'admin', ['users', 'show', 'jtremblay']);
    expectCleanAnswer(shown, `show ${field} ${label}`);
    expect(shown.out).toContain(terminalSafe(stored).slice(0, 20));
    const json = await runCli(t, 'admin', ['users', 'show', 'jtremblay', '--json']);
    expect(json.out).not.toMatch(RAW);
    expect((JSON.parse(json.out) as Record<string, string>)[field]).toBe(stored);
    // Put the record back for the next value.
    await updateUser(
      t.db,
      await t.actor('admin'),
      'jtremblay',
      { [field]: (before as unknown as Record<string, string>)[field] },
      after.row_version,
    );
  });
});

describe('users add CODE and --user: a hostile code', () => {
  it.each(HOSTILE)('%s', async (label, value) => {
    const add = await runCli(t, 'admin', ['users', 'add', value, 'name=Hostile', 'companies=MTL']);
    expectCleanAnswer(add, `add ${label}`);
    expect(add.code, label).not.toBe(0);
    expect(looksUp(value, add.err.replace(/^prextra-console: Code d’utilisateur : /, '')), add.err).toBe(false);
    // Logging in as that code: the login's one sentence (unknown code), never a crash.
    const as = await runCli(t, value, ['users', 'list']);
    expectCleanAnswer(as, `--user ${label}`);
    expect(as.code).not.toBe(0);
  });
});

describe('addresses, subject and message of report send', () => {
  it.each(HOSTILE)('%s', async (label, value) => {
    // --cc and --message go through the same checks as --to and --subject.
    for (const args of [
      ['--to', value],
      ['--to', 'jtremblay@mtl.example.com', '--subject', value],
    ]) {
      const r = await runCli(t, 'admin', ['report', 'send', 'USR01', ...args]);
      expectCleanAnswer(r, `${args.join(' ').slice(0, 60)} ${label}`);
      expect(looksUp(value, r.err), r.err).toBe(false);
    }
    expect(() => {
      try {
        validateRecipients([value]);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect(errorMessage(e, 'fr')).not.toMatch(RAW);
        expect(looksUp(value, errorMessage(e, 'fr')), errorMessage(e, 'fr')).toBe(false);
        throw e;
      }
    }).toThrow();
  });
});

describe('configuration values', () => {
  it.each(HOSTILE)('%s', async (label, value) => {
    const keys = ['GmailClientId', 'UserMaintenanceShowFields', 'MaxAttachmentMB'];
    for (const key of keys) {
      const r = await runCli(t, 'admin', ['config', 'set', key, value]);
      expectCleanAnswer(r, `${key} ${label}`);
      expect(looksUp(value, r.err), r.err).toBe(false);
    }
    const listed = await runCli(t, 'admin', ['config', 'list']);
    expectCleanAnswer(listed, `config list after ${label}`);
    expect(looksUp(value, listed.out), listed.out).toBe(false);
    for (const key of keys) await setConfig(t.db, null, key, key === 'MaxAttachmentMB' ? '25' : '');
  });
});

describe('services: users and companies', () => {
  it.each(HOSTILE)('%s', async (label, value) => {
    const admin = await t.actor('admin');
    for (const field of USER_TEXT_FIELDS) {
      const u = (await loadUser(t.db, 'sroy'))!;
      try {
        const saved = await updateUser(t.db, admin, 'sroy', { [field]: value }, u.row_version);
        await updateUser(t.db, admin, 'sroy', { [field]: (u as unknown as Record<string, string>)[field] }, saved.row_version);
      } catch (e) {
        expect(e, `${field} ${label}`).toBeInstanceOf(ValidationError);
        expect(Object.keys((e as ValidationError).fields)).toContain(field);
        expect(errorMessage(e, 'fr')).not.toMatch(RAW);
      }
    }
    await expect(createUser(t.db, admin, { code: value, name: 'X', default_company: 'MTL', companies: ['MTL'] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    for (const field of ['name', 'address', 'city', 'phone'] as const) {
      const c = await getCompany(t.db, 'QC');
      try {
        await updateCompany(t.db, admin, 'QC', { [field]: value }, c.row_version);
        const now = await getCompany(t.db, 'QC');
        await updateCompany(t.db, admin, 'QC', { [field]: c[field] }, now.row_version);
      } catch (e) {
        expect(e, `${field} ${label}`).toBeInstanceOf(ValidationError);
        expect(errorMessage(e, 'fr')).not.toMatch(RAW);
      }
    }
    await expect(createCompany(t.db, admin, { code: value, name: 'X' })).rejects.toBeInstanceOf(ValidationError);
  });
});
