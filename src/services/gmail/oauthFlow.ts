// Linking a user's Gmail account: OAuth 2.0 for installed apps (authorization code,
// PKCE S256, random state, loopback redirect on 127.0.0.1), with a paste box for when
// the browser runs on another machine (SSH). Both paths are open at once; the first
// matching answer wins. The previous link is replaced only once the new one is fully
// validated (tokens received, ID-token address equal to Courriel, gmail.send granted).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { readConfig } from '../config.js';
import type { Db } from '../db.js';
import { AppError, toAppError } from '../errors.js';
import { errorMessage, translate, type Lang } from '../i18n/index.js';
import { log } from '../log.js';
import type { Actor } from '../rights.js';
import { launchBrowser, planBrowser, type NoBrowserReason } from './browser.js';
import { completeLink, courrielOf } from './completeLink.js';
import {
  createOAuthClient,
  googleEnvironment,
  LINK_SCOPES,
  mapGoogleError,
  requireClient,
  type Credentials,
  type Google,
  type GoogleEnvironment,
  type OAuth2Client,
} from './googleClient.js';
import { CALLBACK_PATH, callbackPage, listenLoopback } from './loopback.js';
import type { LinkInfo } from './tokenStore.js';

export { CALLBACK_PATH };
export const DEFAULT_LINK_TIMEOUT_MS = 5 * 60_000;

export interface StartLinkOptions {
  /** Fixed loopback port (--port); else PRX_OAUTH_PORT, else Configuration OAuthCallbackPort, else a free port. */
  readonly port?: number;
  /** Never launch a browser (--no-browser); PRX_NO_BROWSER=1 does the same. */
  readonly noBrowser?: boolean;
  /** How this run reaches Google; its environment also says PRX_OAUTH_PORT, BROWSER, SSH_*, DISPLAY… */
  readonly google: Google;
  /** How long to wait for Google's answer; 5 minutes by default. */
  readonly timeoutMs?: number;
}

export interface LinkAttempt {
  /** The consent-page address: show it on one unbroken line, outside any border. */
  readonly url: string;
  /** The loopback port listening on 127.0.0.1. */
  readonly port: number;
  readonly redirectUri: string;
  /** True when a browser process was started for `url`. */
  readonly browserLaunched: boolean;
  /** Why no browser was launched (null when one was, or was tried). */
  readonly noBrowserReason: NoBrowserReason | null;
  /** `ssh -L PORT:127.0.0.1:PORT user@host` when the port is fixed; else null. */
  readonly sshHint: string | null;
  /** The Google account expected (the user's Courriel, sent as login_hint). */
  readonly expectedAddress: string;
  /** Epoch ms when the attempt gives up. */
  readonly expiresAt: number;
  /**
   * The whole address the browser was sent to, pasted back (query alone also accepted).
   * Throws AppError at once when it is malformed ('gmail.pasteMalformed') or belongs to
   * another attempt ('gmail.pasteOtherAttempt'): the attempt keeps waiting. Otherwise
   * the answer is processed and the outcome arrives in `result`.
   */
  submitPasted(text: string): void;
  /** Esc / Ctrl-C: ends the attempt ('gmail.cancelled'); nothing is changed. */
  cancel(): void;
  /** The new link, or an AppError with one sentence; the previous link is intact on failure. */
  readonly result: Promise<LinkInfo>;
}

type Phase = 'waiting' | 'exchanging' | 'done';

/**
 * Starts linking the actor's own Gmail account. Resolves once the loopback listener is
 * up and the consent URL is known (and the browser launched when appropriate).
 * Throws at once: gmail.noEmail (no Courriel), gmail.noClient, gmail.badPort,
 * gmail.portInUse, gmail.listenFailed.
 *
 * A callback on the loopback listener whose state does not match is answered with an
 * error page and ignored: the attempt keeps waiting for its own answer (a stale tab of
 * an earlier attempt must not end this one). Deny, a refused code, a wrong account,
 * a timeout or cancel end the attempt.
 */
export async function startLink(db: Db, actor: Actor, opts: StartLinkOptions): Promise<LinkAttempt> {
  const expectedAddress = await courrielOf(db, actor.id, actor.code);
  const genv = await googleEnvironment(opts.google, db);
  const env = opts.google.env;
  const cred = requireClient(genv);
  const { port: wanted, fixed } = await resolvePort(db, opts.port, env);
  const lang: Lang = actor.language === 'en' ? 'en' : 'fr';

  let phase: Phase = 'waiting';
  let resolveResult!: (info: LinkInfo) => void;
  let rejectResult!: (err: AppError) => void;
  const result = new Promise<LinkInfo>((res, rej) => {
    resolveResult = res;
    rejectResult = rej;
  });
  // The caller may cancel and never await: that is not an unhandled rejection.
  result.catch(() => undefined);

  const loopback = await listenLoopback(wanted, (params, res) => onCallback(params, res));
  const { port, redirectUri } = loopback;

  let client: OAuth2Client;
  let codeVerifier: string;
  let url: string;
  const state = randomBytes(32).toString('base64url');
  try {
    client = await createOAuthClient(genv, redirectUri);
    const { CodeChallengeMethod } = await import('google-auth-library');
    const pkce = await client.generateCodeVerifierAsync();
    codeVerifier = pkce.codeVerifier;
    url = client.generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: [...LINK_SCOPES],
      state,
      login_hint: expectedAddress,
      code_challenge: pkce.codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
      hl: lang === 'en' ? 'en' : 'fr-CA',
    });
  } catch (e) {
    loopback.close();
    throw e;
  }

  const timeoutMs = opts.timeoutMs ?? DEFAULT_LINK_TIMEOUT_MS;
  const expiresAt = Date.now() + timeoutMs;
  const timer = setTimeout(() => {
    if (phase === 'waiting') settle(new AppError('gmail.timeout', { minutes: Math.max(1, Math.round(timeoutMs / 60_000)) }));
  }, timeoutMs);

  function settle(outcome: LinkInfo | AppError): void {
    if (phase === 'done') return;
    phase = 'done';
    clearTimeout(timer);
    loopback.close();
    if (outcome instanceof AppError) rejectResult(outcome);
    else resolveResult(outcome);
  }

  async function answer(params: URLSearchParams): Promise<LinkInfo | AppError> {
    const error = params.get('error');
    if (error) {
      const e = error === 'access_denied' ? new AppError('gmail.denied') : new AppError('gmail.authError', { code: error.slice(0, 60) });
      settle(e);
      return e;
    }
    phase = 'exchanging';
    try {
      const info = await exchange(params.get('code')!);
      settle(info);
      return info;
    } catch (err) {
      const e = err instanceof AppError ? err : unexpected(err);
      settle(e);
      return e;
    }
  }

  /** The code for tokens (single use: never retried), then the link made of them. */
  async function exchange(code: string): Promise<LinkInfo> {
    let tokens: Credentials;
    try {
      ({ tokens } = await client.getToken({ code, codeVerifier, redirect_uri: redirectUri }));
    } catch (err) {
      throw mapGoogleError(err, 'exchange', genv.tokenUrl);
    }
    return completeLink(db, actor, tokens, {
      genv,
      clientId: cred.clientId,
      revoke: async (token) => void (await client.revokeToken(token)),
      isOver: () => phase === 'done',
    });
  }

  async function onCallback(p: URLSearchParams, res: Parameters<typeof callbackPage>[0]): Promise<void> {
    if (phase !== 'waiting') return callbackPage(res, 409, translate(lang, 'gmail.page.already'), lang);
    if (p.get('state') !== state) {
      log('warn', 'gmail link: callback with a state of another attempt ignored');
      return callbackPage(res, 400, translate(lang, 'gmail.page.wrongState'), lang);
    }
    if (!p.get('code') && !p.get('error')) return callbackPage(res, 400, translate(lang, 'gmail.page.malformed'), lang);
    const outcome = await answer(p);
    if (outcome instanceof AppError) callbackPage(res, 400, `${errorMessage(outcome, lang)} ${translate(lang, 'gmail.page.back')}`, lang);
    else callbackPage(res, 200, translate(lang, 'gmail.page.success', { address: outcome.address }), lang);
  }

  const plan = planBrowser(env, { noBrowser: opts.noBrowser });
  const browserLaunched = await launchBrowser(url, plan);

  return {
    url,
    port,
    redirectUri,
    browserLaunched,
    noBrowserReason: plan.kind === 'none' ? plan.reason : null,
    sshHint: fixed ? sshHint(port, genv, env) : null,
    expectedAddress,
    expiresAt,
    submitPasted(text: string) {
      if (phase === 'exchanging') throw new AppError('gmail.alreadyReceived');
      if (phase === 'done') throw new AppError('gmail.attemptOver');
      const p = parsePasted(text);
      if (p.get('state') !== state) throw new AppError('gmail.pasteOtherAttempt');
      void answer(p);
    },
    cancel() {
      settle(new AppError('gmail.cancelled'));
    },
    result,
  };
}

/** A failure that is not Google's (database…): one sentence, details in the log only. */
function unexpected(err: unknown): AppError {
  log('error', 'gmail link failed', err);
  return toAppError(err);
}

/** The query of a pasted redirect address; AppError('gmail.pasteMalformed') otherwise. */
export function parsePasted(text: string): URLSearchParams {
  const s = text.trim().replace(/^["'<]+|["'>]+$/g, '');
  let params: URLSearchParams;
  if (/^https?:\/\//i.test(s)) {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new AppError('gmail.pasteMalformed');
    }
    if (u.pathname !== CALLBACK_PATH) throw new AppError('gmail.pasteMalformed');
    params = u.searchParams;
  } else if (/^\??[\w-]+=/.test(s)) {
    params = new URLSearchParams(s.replace(/^\?/, ''));
  } else {
    throw new AppError('gmail.pasteMalformed');
  }
  if (!params.get('state') || (!params.get('code') && !params.get('error'))) throw new AppError('gmail.pasteMalformed');
  return params;
}

async function resolvePort(db: Db, optPort: number | undefined, env: NodeJS.ProcessEnv): Promise<{ port: number; fixed: boolean }> {
  const check = (value: string | number, source: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1024 || n > 65535) throw new AppError('gmail.badPort', { value: String(value), source });
    return { port: n, fixed: true };
  };
  if (optPort !== undefined) return check(optPort, '--port');
  if (env.PRX_OAUTH_PORT?.trim()) return check(env.PRX_OAUTH_PORT.trim(), 'PRX_OAUTH_PORT');
  const fromConfig = (await readConfig(db, 'OAuthCallbackPort')).trim();
  if (fromConfig) return check(fromConfig, 'OAuthCallbackPort');
  return { port: 0, fixed: false };
}

function sshHint(port: number, genv: GoogleEnvironment, env: NodeJS.ProcessEnv): string {
  let user = env.USER || env.LOGNAME || '';
  if (!user) {
    try {
      user = os.userInfo().username;
    } catch {
      user = 'user';
    }
  }
  // In sandbox mode the consent page itself is served by this process: forward it too.
  const sim = genv.simulator ? ` -L ${genv.simulator.port}:127.0.0.1:${genv.simulator.port}` : '';
  return `ssh -L ${port}:127.0.0.1:${port}${sim} ${user}@${os.hostname()}`;
}
