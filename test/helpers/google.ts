// Doing in tests what a person does in the browser on Google's (simulated) consent page.
import { expect } from 'vitest';
import type { GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import type { Db } from '../../src/services/db.js';
import { startLink } from '../../src/services/gmail/index.js';
import type { Google } from '../../src/services/gmail/googleClient.js';
import type { Actor } from '../../src/services/rights.js';
import { createGoogle } from '../../src/runtime.js';

export interface ConsentChoice {
  /** The account typed on the page; the login_hint prefilled by default. */
  readonly email?: string;
  /** Press Deny instead of Allow. */
  readonly deny?: boolean;
  /** Untick "Send email on your behalf" (granular consent). */
  readonly withoutSend?: boolean;
}

const unescapeHtml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/**
 * Opens the consent page, fills the form and presses Allow (or Deny), without following
 * the redirect. Returns the redirect address (http://127.0.0.1:PORT/oauth2callback?…),
 * which the test then opens (loopback) or pastes. Throws with the page's text on an error page.
 */
export async function approveConsent(consentUrl: string, choice: ConsentChoice = {}): Promise<string> {
  const page = await fetch(consentUrl);
  const html = await page.text();
  if (page.status !== 200)
    throw new Error(
      `consent page ${page.status}: ${html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()}`,
    );
  const consent = /name="consent" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!consent || !action) throw new Error('no consent form on the page');
  const prefilled = unescapeHtml(/name="email" value="([^"]*)"/.exec(html)?.[1] ?? '');
  const form = new URLSearchParams({
    consent: unescapeHtml(consent),
    email: choice.email ?? prefilled,
    decision: choice.deny ? 'deny' : 'allow',
  });
  if (html.includes('name="grant_send"') && !choice.withoutSend) form.set('grant_send', '1');
  const res = await fetch(new URL(unescapeHtml(action), consentUrl), { method: 'POST', body: form, redirect: 'manual' });
  if (res.status !== 302)
    throw new Error(
      `consent answer ${res.status}: ${(await res.text())
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()}`,
    );
  return res.headers.get('location')!;
}

/** Opens the redirect address like the browser does (hits the loopback listener). */
export async function openRedirect(location: string): Promise<{ status: number; text: string }> {
  const res = await fetch(location);
  return { status: res.status, text: await res.text() };
}

/** Links `actor`'s Gmail as a person does: the consent page, Allow, the loopback answer (200). */
export async function linkGmail(db: Db, actor: Actor, google: Google): Promise<void> {
  const a = await startLink(db, actor, { google });
  const back = await openRedirect(await approveConsent(a.url));
  expect(back.status, `linking ${actor.code}'s Gmail: ${back.text}`).toBe(200);
  await a.result;
}

/** Environment pointing the services at a simulator as if it were the real Google. */
export function simEnv(sim: GoogleSimulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    PRX_GOOGLE_AUTH_URL: sim.authUrl,
    PRX_GOOGLE_TOKEN_URL: sim.tokenUrl,
    PRX_GOOGLE_REVOKE_URL: sim.revokeUrl,
    PRX_GMAIL_API_URL: sim.gmailApiUrl,
    PRX_GOOGLE_CLIENT_ID: sim.clientId,
    PRX_GOOGLE_CLIENT_SECRET: sim.clientSecret,
    PRX_NO_BROWSER: '1',
    ...extra,
  };
}

/** Waits until `check` is true (polling), or fails after `ms`. */
export async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** How the services reach a simulator the test started, as if it were the real Google. */
export function simGoogle(sim: GoogleSimulator, dataDir: string, extra: NodeJS.ProcessEnv = {}): Google {
  return { sandbox: false, env: simEnv(sim, extra), dataDir, simulator: null };
}

const sandboxes = new Set<{ close(): Promise<void> }>();

/** Sandbox mode as the console runs it: the built-in simulator, started on first use. */
export function sandboxGoogle(dataDir: string, env: NodeJS.ProcessEnv = { PRX_NO_BROWSER: '1' }): Google {
  const google = createGoogle(env, dataDir, true);
  sandboxes.add(google);
  return google;
}

/** Stops the simulators that sandboxGoogle() started. */
export async function stopSandboxSimulators(): Promise<void> {
  for (const g of [...sandboxes]) await g.close();
  sandboxes.clear();
}
