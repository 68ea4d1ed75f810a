// Issue 8, hole 12: outside the sandbox, Google endpoints are https://, or http:// to this
// machine only (127.0.0.0/8, ::1, localhost); anything else is refused at start, one sentence.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';

const t = eachTestDb();

describe('Google endpoints over the network must be https', () => {
  it.each([
    ['PRX_GOOGLE_TOKEN_URL', 'http://oauth.example.com/token'],
    ['PRX_GOOGLE_AUTH_URL', 'http://192.168.1.20/auth'],
    ['PRX_GOOGLE_REVOKE_URL', 'http://10.0.0.1/revoke'],
    ['PRX_GMAIL_API_URL', 'http://gmail.example.com/'],
  ])('%s=%s is refused at start, by any command', async (name, value) => {
    const r = await runCli(t, 'admin', ['users', 'list'], { [name]: value });
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(name);
    expect(r.err).toContain('https://');
  });

  it('the console refuses too, before it opens', async () => {
    const r = await runCli(t, null, [], { PRX_GOOGLE_TOKEN_URL: 'http://oauth.example.com/token' });
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('PRX_GOOGLE_TOKEN_URL');
  });

  it.each([
    'https://oauth.example.com/token',
    'http://127.0.0.1:9/token',
    'http://127.8.9.10/token',
    'http://localhost:9/token',
    'http://[::1]:9/token',
  ])('accepts %s', async (value) => {
    const r = await runCli(t, 'admin', ['users', 'list', '--json'], { PRX_GOOGLE_TOKEN_URL: value });
    expect(r.code, r.err).toBe(0);
  });

  it('the sandbox ignores them (its simulator is local)', async () => {
    const r = await runCli(t, 'admin', ['--sandbox', 'users', 'list', '--json'], {
      PRX_GOOGLE_TOKEN_URL: 'http://oauth.example.com/token',
    });
    expect(r.code, r.err).toBe(0);
  });
});
