// Issue 8, hole 5: terminal escape injection. Control characters are refused in every field
// and address with the field's message; whatever is printed goes through one escape
// (JSON output stays JSON), the OAuth callback's `error` parameter included.
import { beforeEach, describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { PWNED, plantHostileUser } from '../helpers/hostile.js';
import { rejection } from '../helpers/rejection.js';
import { runCli } from '../helpers/cli.js';
import { approveConsent } from '../helpers/google.js';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { AppError, ValidationError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { createUser, loadUser, updateUser } from '../../src/services/users/index.js';
import { createCompany, updateCompany } from '../../src/services/companies.js';
import { setConfig } from '../../src/services/config.js';
import { validateRecipients } from '../../src/services/mail/recipients.js';
import { startLink } from '../../src/services/gmail/index.js';

/** Bytes a terminal would obey: C0 (but line feed), DEL, C1. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const t = eachTestDb();

async function fieldErrors(p: Promise<unknown>): Promise<Record<string, { key: string }>> {
  return (await rejection(p, ValidationError)).fields as Record<string, { key: string }>;
}

describe('control characters are refused in every field, with the field’s message', () => {
  it('user fields: Nom, Courriel, Contact, No client, Signature (new line allowed there only)', async () => {
    const admin = await t.actor('admin');
    const base = { code: 'hostile', default_company: 'MTL', companies: ['MTL'] };
    expect((await fieldErrors(createUser(t.db, admin, { ...base, name: PWNED }))).name!.key).toBe('validation.controlChar');
    const u = (await loadUser(t.db, 'jtremblay'))!;
    for (const [field, value] of [
      ['name', 'Julie\u009b2J'],
      ['email', 'julie\u001bc@mtl.example.com'],
      ['contact', 'x\u0000y'],
      ['customer_no', '\u007f12'],
      ['signature', 'Julie\u001b[2J'],
      ['contact', 'ligne\nligne'],
    ] as const) {
      const errors = await fieldErrors(updateUser(t.db, admin, 'jtremblay', { [field]: value }, u.row_version));
      expect(errors[field]!.key, field).toBe('validation.controlChar');
    }
    // Tab anywhere, new line in Signature: accepted.
    const saved = await updateUser(t.db, admin, 'jtremblay', { signature: 'Julie\nMTL', contact: 'a\tb' }, u.row_version);
    expect(saved.signature).toBe('Julie\nMTL');
    const msg = errorMessage(new ValidationError({ name: { key: 'validation.controlChar', params: { char: '\\x1B' } } }), 'fr');
    expect(msg).toBe('Nom : Caractère de contrôle refusé (\\x1B) : retapez le texte sans lui.');
  });

  it('company fields and Configuration values', async () => {
    const admin = await t.actor('admin');
    expect((await fieldErrors(createCompany(t.db, admin, { code: 'EVIL', name: 'Évil\u001bc' }))).company_name!.key).toBe(
      'validation.controlChar',
    );
    expect((await fieldErrors(updateCompany(t.db, admin, 'MTL', { city: 'Mtl\u0085' }, 1))).city!.key).toBe('validation.controlChar');
    const e = await fieldErrors(setConfig(t.db, admin, 'GmailClientId', 'id\u001b[2J'));
    expect(e.GmailClientId!.key).toBe('validation.controlChar');
  });

  it('addresses: a --to holding \\ec is refused before anything is stored', async () => {
    expect(() => validateRecipients(['\u001bc <x@mtl.example.com>'])).toThrow(AppError);
    expect(() => validateRecipients(['x@mtl.example.com'], ['"Boss\u009b" <b@mtl.example.com>'])).toThrow(AppError);
    const r = await runCli(t, 'admin', ['report', 'send', 'USR01', '--to', 'pwn\u001bc@mtl.example.com']);
    expect(r.code).toBe(2); // a bad address: usage
    expect(r.err).not.toMatch(RAW_CONTROL);
    expect(r.err).toContain('\\x1B');
    expect(await t.db('outbox').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('what is printed is escaped', () => {
  beforeEach(async () => {
    // Data written before the rule (or by hand): it must still never reach the terminal raw.
    await plantHostileUser(t.db, 'j\u009b2J@x.com');
  });

  it('users list, users show, audit list: visible escapes, no control byte', async () => {
    for (const args of [
      ['users', 'list'],
      ['users', 'show', 'jtremblay'],
      ['audit', 'list'],
    ]) {
      const r = await runCli(t, 'admin', args);
      expect(r.code, r.err).toBe(0);
      expect(r.out, args.join(' ')).not.toMatch(RAW_CONTROL);
      expect(r.out).toContain('Julie \\x1B]0;pwned\\x07\\x1B[2J');
    }
  });

  it('--json stays JSON holding the exact value, with no raw control byte', async () => {
    const r = await runCli(t, 'admin', ['users', 'list', '--json']);
    expect(r.out).not.toMatch(RAW_CONTROL);
    const julie = (JSON.parse(r.out) as Array<{ code: string; name: string; email: string }>).find((u) => u.code === 'jtremblay')!;
    expect(julie).toMatchObject({ name: PWNED, email: 'j\u009b2J@x.com' });
  });

  it('an error naming what the user typed is escaped too', async () => {
    const r = await runCli(t, 'admin', ['users', 'show', 'x\u001b]0;pwned\u0007']);
    expect(r.code).toBe(4); // no such user
    expect(r.err).not.toMatch(RAW_CONTROL);
  });
});

describe('the OAuth callback’s error parameter', () => {
  // A database and the simulator of their own.
  const t = googleTestDb();

  it('is shown escaped', async () => {
    const me = await t.actor('jtremblay');
    const a = await startLink(t.db, me, { google: t.google });
    const location = new URL(await approveConsent(a.url));
    const cb = new URL(location.pathname, location);
    cb.searchParams.set('state', location.searchParams.get('state')!);
    cb.searchParams.set('error', '\u001b]0;pwned\u0007\u001bc');
    const page = await fetch(cb);
    expect(page.status).toBe(400);
    const e = await a.result.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    const shown = errorMessage(e, 'fr');
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(shown).toContain('\\x1B]0;pwned');
  });
});
