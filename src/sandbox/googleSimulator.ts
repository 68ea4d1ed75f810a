// The Google simulator: a consent page, the token, revoke and certificate endpoints and
// the Gmail upload endpoint, on real HTTP bound to 127.0.0.1. `npm start` (sandbox mode)
// points the console at it so a newcomer can link and send with no Google account; the
// tests drive the real google-auth-library and Gmail client against it.
//
// It keeps Google's rules that matter to a client: registered OAuth client and secret,
// loopback redirect URI, PKCE S256 only, single-use codes bound to their redirect URI,
// refresh tokens that can be revoked, Bearer access tokens with scopes, Google-shaped
// error bodies. Grants survive a restart (hashed, in <dataDir>/sandbox/google-state.json)
// so a link made in the console still works from the CLI later.
//
// This file routes requests; each part lives in its own module: consent.ts (the page,
// with its own strings), oauth.ts (token, revoke, certs), gmail.ts (messages.send),
// faults.ts (injected failures), state.ts (what it remembers).
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AUTH_PATH, createConsentPages, DECIDE_PATH, SIM_CLIENT_ID } from './consent.js';
import { applyFault, createFaultSwitches, type SimEndpoint, type SimFault } from './faults.js';
import { createGmailEndpoint, GMAIL_PATH_RE, type SimUploadSession } from './gmail.js';
import { readBody, send } from './http.js';
import { createOAuthEndpoints, SIM_CLIENT_SECRET } from './oauth.js';
import { createSimStore, type SimCall, type SimMessage, type SimRevocation } from './state.js';

export { SIM_CLIENT_ID } from './consent.js';
export { SIM_CLIENT_SECRET, SIM_ISSUER } from './oauth.js';
export type { SimEndpoint, SimFault } from './faults.js';
export type { SimCall, SimMessage, SimRevocation } from './state.js';
export type { SimUploadSession } from './gmail.js';

const MAX_FAULT_BODY = 36 * 1024 * 1024;

export interface GoogleSimulator {
  readonly baseUrl: string;
  readonly port: number;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  /** Root of the Gmail API, with a trailing slash (like https://gmail.googleapis.com/). */
  readonly gmailApiUrl: string;
  /** PEM certificates (v1 format) and JWKS (v3) of the ID-token signing key. */
  readonly certsUrl: string;
  readonly jwksUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly dataDir: string;
  /** Where each message received is stored as an .eml file. */
  readonly messagesDir: string;
  /** Key id → PEM public key that signs the ID tokens. */
  idTokenCerts(): Record<string, string>;
  close(): Promise<void>;
  /** Messages received since start, oldest first. */
  received(): SimMessage[];
  /** Tokens received by the revoke endpoint, oldest first. */
  revocations(): SimRevocation[];
  /** Every request answered, oldest first (no secrets); status 0: cut, dropped or stalled. */
  calls(endpoint?: SimEndpoint): SimCall[];
  /** Resumable upload sessions opened since start, oldest first. */
  uploadSessions(): SimUploadSession[];
  /**
   * Gmail: awaited after a message is stored and before it is answered, with its bytes (a
   * test holds the answer there: a lock taken, a sender killed). Null removes it.
   */
  setAnswerGate(gate: ((raw: Buffer) => Promise<void>) | null): void;
  /** Injects a fault on an endpoint (Gmail: also cut or stall an upload at a byte); null clears it. */
  setFault(endpoint: SimEndpoint, fault: SimFault | null): void;
  clearFaults(): void;
  /** As if the person removed the app at myaccount.google.com: every grant of that account. */
  revokeAccountGrants(email: string): number;
  /** Makes every access token already issued expire (forces a refresh). */
  expireAccessTokens(): void;
}

export interface GoogleSimulatorOptions {
  /** Folder for the grants file and the received messages (sandbox/ under it). */
  readonly dataDir: string;
  /** Fixed port (for an SSH tunnel); a free one when omitted. */
  readonly port?: number;
  /** Messages folder; default <dataDir>/sandbox/gmail. */
  readonly messagesDir?: string;
}

export async function startGoogleSimulator(options: GoogleSimulatorOptions): Promise<GoogleSimulator> {
  const dataDir = path.resolve(options.dataDir);
  const simDir = path.join(dataDir, 'sandbox');
  const messagesDir = path.resolve(options.messagesDir ?? path.join(simDir, 'gmail'));
  mkdirSync(simDir, { recursive: true, mode: 0o700 });
  mkdirSync(messagesDir, { recursive: true, mode: 0o700 });

  const store = createSimStore(simDir);
  const faults = createFaultSwitches();
  const consent = createConsentPages(store);
  const oauth = createOAuthEndpoints(store);
  const gmail = createGmailEndpoint(store, faults, messagesDir, () => base);

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  });

  let base = '';

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    const p = url.pathname;
    let endpoint: SimEndpoint | 'other' = 'other';
    if (p === AUTH_PATH || p === DECIDE_PATH) endpoint = 'consent';
    else if (p === '/token') endpoint = 'token';
    else if (p === '/revoke') endpoint = 'revoke';
    else if (p.startsWith('/oauth2/v1/certs') || p.startsWith('/oauth2/v3/certs')) endpoint = 'certs';
    else if (GMAIL_PATH_RE.test(p)) endpoint = 'gmail';

    const record = (status: number, grantType?: string) => store.calls.push({ endpoint, method, status, grantType });

    // Gmail takes its faults itself: after reading the upload, or after storing it.
    if (endpoint !== 'other' && endpoint !== 'gmail') {
      const hit = faults.take(endpoint);
      if (hit) {
        const body = await readBody(req, MAX_FAULT_BODY).catch(() => Buffer.alloc(0));
        const grantType = endpoint === 'token' ? (new URLSearchParams(body.toString()).get('grant_type') ?? undefined) : undefined;
        return applyFault(res, hit, (s) => record(s, grantType));
      }
    }

    if (endpoint === 'consent' && method === 'GET' && p === AUTH_PATH) return consent.page(url, res, record);
    if (endpoint === 'consent' && method === 'POST' && p === DECIDE_PATH) return consent.decide(req, res, record);
    if (endpoint === 'token' && method === 'POST') return oauth.token(req, res, record);
    if (endpoint === 'revoke' && method === 'POST') return oauth.revoke(req, url, res, record);
    if (endpoint === 'certs' && method === 'GET') return oauth.certs(p, res, record);
    if (endpoint === 'gmail' && (await gmail.handle(req, url, res, record))) return;
    record(404);
    send(res, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The simulator never keeps a finished command alive on its own.
  server.unref();
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    baseUrl: base,
    port,
    authUrl: `${base}${AUTH_PATH}`,
    tokenUrl: `${base}/token`,
    revokeUrl: `${base}/revoke`,
    gmailApiUrl: `${base}/`,
    certsUrl: `${base}/oauth2/v1/certs`,
    jwksUrl: `${base}/oauth2/v3/certs`,
    clientId: SIM_CLIENT_ID,
    clientSecret: SIM_CLIENT_SECRET,
    dataDir,
    messagesDir,
    idTokenCerts: oauth.idTokenCerts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    received: () => [...store.messages],
    revocations: () => [...store.revocations],
    calls: (endpoint) => store.calls.filter((c) => !endpoint || c.endpoint === endpoint),
    uploadSessions: gmail.sessions,
    setAnswerGate: gmail.setAnswerGate,
    setFault: faults.set,
    clearFaults: faults.clear,
    revokeAccountGrants: store.revokeAccountGrants,
    expireAccessTokens: store.expireAccessTokens,
  };
}
