// What the simulator remembers. Grants and access tokens live in
// <dataDir>/sandbox/google-state.json (hashed), re-read on every request: a console and a
// CLI command may each run a simulator on the same data folder, and a link made in one
// must work in the other. Authorization codes, received messages, revocations and the
// call log live in memory, for the life of this simulator.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimEndpoint } from './faults.js';

export interface SimMessage {
  readonly id: string;
  readonly threadId: string;
  /** The stored .eml file. */
  readonly file: string;
  readonly raw: Buffer;
  /** The Google account of the access token that sent it. */
  readonly account: string;
  /** How it was uploaded: media (message/rfc822), resumable, multipart, or the JSON `raw` body. */
  readonly uploadType: 'media' | 'resumable' | 'multipart' | 'json';
  readonly receivedAt: string;
}

export interface SimRevocation {
  readonly token: string;
  readonly kind: 'refresh' | 'access' | 'unknown';
}

export interface SimCall {
  readonly endpoint: SimEndpoint | 'other';
  readonly method: string;
  readonly status: number;
  /** Token endpoint: the grant_type asked for. */
  readonly grantType?: string;
}

export interface Grant {
  email: string;
  scope: string;
  clientId: string;
  createdAt: string;
  revoked: boolean;
}
export interface AccessGrant {
  email: string;
  scope: string;
  grant: string; // hash of the refresh token it came from ('' when none)
  expiresAt: number;
}
export interface SimState {
  grants: Record<string, Grant>;
  access: Record<string, AccessGrant>;
}
/** An authorization code handed out by the consent page, spent by the token endpoint. */
export interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  email: string;
  offline: boolean;
  expiresAt: number;
  used: boolean;
}

export const ACCESS_TTL_S = 3599;

export const hash = (s: string) => createHash('sha256').update(s).digest('base64url');
export const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
export const random = (n: number) => randomBytes(n).toString('base64url');

export interface SimStore {
  load(): SimState;
  save(s: SimState): void;
  /** A new Bearer access token for `email`, recorded in `state` (the caller saves it). */
  issueAccess(state: SimState, email: string, scope: string, grant: string): string;
  readonly codes: Map<string, PendingCode>;
  readonly messages: SimMessage[];
  readonly revocations: SimRevocation[];
  readonly calls: SimCall[];
  /** As if the person removed the app at myaccount.google.com: every grant of that account. */
  revokeAccountGrants(email: string): number;
  /** Makes every access token already issued expire (forces a refresh). */
  expireAccessTokens(): void;
}

export function createSimStore(simDir: string): SimStore {
  const stateFile = path.join(simDir, 'google-state.json');
  const load = (): SimState => {
    try {
      const s = JSON.parse(readFileSync(stateFile, 'utf8')) as SimState;
      return { grants: s.grants ?? {}, access: s.access ?? {} };
    } catch {
      return { grants: {}, access: {} };
    }
  };
  const save = (s: SimState) => {
    const nowMs = Date.now();
    for (const [k, a] of Object.entries(s.access)) if (a.expiresAt < nowMs - 3600_000) delete s.access[k];
    const tmp = `${stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(s), { mode: 0o600 });
    renameSync(tmp, stateFile);
  };
  return {
    load,
    save,
    issueAccess(state, email, scope, grant) {
      const tok = `ya29.Sim${random(48)}`;
      state.access[hash(tok)] = { email, scope, grant, expiresAt: Date.now() + ACCESS_TTL_S * 1000 };
      return tok;
    },
    codes: new Map(),
    messages: [],
    revocations: [],
    calls: [],
    revokeAccountGrants(email) {
      const state = load();
      let n = 0;
      for (const [h, g] of Object.entries(state.grants)) {
        if (g.email.toLowerCase() === email.toLowerCase() && !g.revoked) {
          g.revoked = true;
          n++;
          for (const [k, a] of Object.entries(state.access)) if (a.grant === h) delete state.access[k];
        }
      }
      save(state);
      return n;
    },
    expireAccessTokens() {
      const state = load();
      for (const a of Object.values(state.access)) a.expiresAt = Date.now() - 1;
      save(state);
    },
  };
}
