// Issue 13, "Use a real Google account": the README section exists and covers what an
// administrator meets; when Google's side is the cause (testing-mode expiry, the consent
// refused or blocked, an error Google sends back), the console's own sentence points to it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { approveConsent, openRedirect } from '../helpers/google.js';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { rejection } from '../helpers/rejection.js';
import { linkInfo, startLink, testLink } from '../../src/services/gmail/index.js';
import { LINK_SCOPES } from '../../src/services/gmail/googleClient.js';
import { AppError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';

const SECTION = 'Use a real Google account';
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README section, from its heading to the next one of the same level. */
function section(): string {
  const start = README.indexOf(`\n## ${SECTION}\n`);
  expect(start, `README has "## ${SECTION}"`).toBeGreaterThan(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

describe(`README "${SECTION}"`, () => {
  it('walks the administrator through Google Cloud and names every failure the console reports', () => {
    const text = section();
    for (const step of [
      'Gmail API',
      'Internal',
      'External',
      'Test users',
      '7 days',
      '100 users',
      "hasn't verified this app",
      'Trusted',
      'Desktop',
      'GmailClientId',
      'GmailClientSecret',
      'access_denied',
      'org_internal',
      'admin_policy_enforced',
      'invalid_grant',
      'À reconnecter',
    ])
      expect(text, step).toContain(step);
    // The three scopes, as the console asks for them.
    expect(LINK_SCOPES).toHaveLength(3);
    for (const scope of LINK_SCOPES) expect(text).toContain(`\`${scope}\``);
  });
});

const t = googleTestDb();

const failure = (p: Promise<unknown>) => rejection<AppError>(p, AppError);

/** The sentence, in both languages, names the README section. */
function pointsToGuide(e: AppError): void {
  expect(errorMessage(e, 'fr')).toContain(`« ${SECTION} » dans le README`);
  expect(errorMessage(e, 'en')).toContain(`"${SECTION}" in the README`);
}

describe('the console points to the guide when Google decided', () => {
  it('a refresh token Google no longer honours (7 days in Testing, revoked): needs relink, the sentence names the guide', async () => {
    const a = await startLink(t.db, t.me, { google: t.google });
    await openRedirect(await approveConsent(a.url));
    await a.result;
    expect(t.sim.revokeAccountGrants('jtremblay@mtl.example.com')).toBe(1);
    const e = await failure(testLink(t.db, t.me, t.google));
    expect(e.key).toBe('gmail.needsRelink');
    expect((await linkInfo(t.db, t.me))!.status).toBe('needs_relink');
    expect(errorMessage(e, 'fr')).toMatch(/7 jours/);
    expect(errorMessage(e, 'en')).toMatch(/7 days/);
    pointsToGuide(e);
  });

  it('Deny or Back to safety on Google’s page (access_denied): the sentence names the guide', async () => {
    const a = await startLink(t.db, t.me, { google: t.google });
    await openRedirect(await approveConsent(a.url, { deny: true }));
    const e = await failure(a.result);
    expect(e.key).toBe('gmail.denied');
    pointsToGuide(e);
  });

  it('another error sent back by Google (org_internal): the code and the guide', async () => {
    const a = await startLink(t.db, t.me, { google: t.google });
    const q = new URL(a.url).searchParams;
    await openRedirect(`${q.get('redirect_uri')}?error=org_internal&state=${q.get('state')}`);
    const e = await failure(a.result);
    expect(errorMessage(e, 'fr')).toContain('org_internal');
    pointsToGuide(e);
  });

  it('Google’s error page never answers (org_internal, not a test user, the 100-user cap): the wait ends naming the guide', async () => {
    const a = await startLink(t.db, t.me, { google: t.google, timeoutMs: 150 });
    const e = await failure(a.result);
    expect(e.key).toBe('gmail.timeout');
    pointsToGuide(e);
  });
});
