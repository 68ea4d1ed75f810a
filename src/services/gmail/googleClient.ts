// Where Google is (endpoints from the environment, or the built-in simulator in sandbox
// mode) and which OAuth client the console uses. google-auth-library is loaded with
// import() inside functions only: nothing here weighs on the console's start-up.
import type { Credentials, OAuth2Client } from 'google-auth-library';
import { agentFor, proxyFor } from '../net/proxy.js';
import { readConfig } from '../config.js';
import type { Db } from '../db.js';
import { AppError } from '../errors.js';
import { log } from '../log.js';
import { requireSecureEndpoint } from './transport.js';

export type { Credentials, OAuth2Client };

export const GMAIL_SEND_SCOPE = 'https://www.googleapis.com/auth/gmail.send';
/** Exactly what the link asks for (SPEC): identity for the address, and sending only. */
export const LINK_SCOPES: readonly string[] = ['openid', 'email', GMAIL_SEND_SCOPE];

export const DEFAULT_GOOGLE_ENDPOINTS = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  gmailApiUrl: 'https://gmail.googleapis.com/',
} as const;

/**
 * The Google simulator as the services see it: its endpoints and its own OAuth client.
 * The entry starts it (src/runtime.ts); the services never import the sandbox.
 */
export interface SimulatedGoogle {
  readonly port: number;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly gmailApiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Key id → PEM public key that signs its ID tokens. */
  idTokenCerts(): Readonly<Record<string, string>>;
}

/** How this run reaches Google, built once by the entry (the runtime's `google`). */
export interface Google {
  /** The built-in simulator stands in for Google. */
  readonly sandbox: boolean;
  /** Where PRX_GOOGLE_*, PRX_GMAIL_API_URL, PRX_OAUTH_PORT, BROWSER, PRX_NO_BROWSER… are read. */
  readonly env: NodeJS.ProcessEnv;
  /** Folder beside the database (the sandbox keeps its grants and received mails under it). */
  readonly dataDir: string;
  /** Sandbox: the simulator, started on first use (once) by the entry's factory; null otherwise. */
  readonly simulator: (() => Promise<SimulatedGoogle>) | null;
}

export interface GoogleClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where they came from: PRX_GOOGLE_CLIENT_ID/SECRET, Configuration, or the simulator. */
  readonly source: 'env' | 'config' | 'sandbox';
}

export interface GoogleEnvironment {
  readonly sandbox: boolean;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  /** Gmail API root with a trailing slash; pass it as `rootUrl` on each Gmail call. */
  readonly gmailApiUrl: string;
  /** The OAuth client, or null when none is configured (see requireClient). */
  readonly client: GoogleClientCredentials | null;
  /**
   * Sandbox only: the simulator's ID-token signing keys (key id → PEM), so its ID tokens
   * are verified. With real Google the ID token comes straight from the token endpoint
   * over TLS and is only decoded and checked (aud, iss, exp), as Google documents.
   */
  readonly idTokenCerts: Readonly<Record<string, string>> | null;
  /** Sandbox only: the running simulator. */
  readonly simulator: SimulatedGoogle | null;
  /** The run's environment (Google.env): where HTTPS_PROXY and NO_PROXY are read. */
  readonly env: NodeJS.ProcessEnv;
}

function urlFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = env[name]?.trim();
  if (!v) return fallback;
  requireSecureEndpoint(name, v);
  return v;
}

/**
 * The endpoints and OAuth client. Sandbox: the simulator's (started on first use).
 * Otherwise PRX_GOOGLE_AUTH_URL / _TOKEN_URL / _REVOKE_URL / PRX_GMAIL_API_URL (Google's
 * by default), and PRX_GOOGLE_CLIENT_ID / _SECRET, each winning over the Configuration
 * keys GmailClientId / GmailClientSecret (read only when `db` is given).
 */
export async function googleEnvironment(google: Google, db?: Db): Promise<GoogleEnvironment> {
  if (google.sandbox) {
    if (!google.simulator) throw new Error('sandbox without a simulator');
    const sim = await google.simulator();
    return {
      sandbox: true,
      authUrl: sim.authUrl,
      tokenUrl: sim.tokenUrl,
      revokeUrl: sim.revokeUrl,
      gmailApiUrl: sim.gmailApiUrl,
      client: { clientId: sim.clientId, clientSecret: sim.clientSecret, source: 'sandbox' },
      idTokenCerts: sim.idTokenCerts(),
      simulator: sim,
      env: google.env,
    };
  }
  const env = google.env;
  let gmailApiUrl = urlFrom(env, 'PRX_GMAIL_API_URL', DEFAULT_GOOGLE_ENDPOINTS.gmailApiUrl);
  if (!gmailApiUrl.endsWith('/')) gmailApiUrl += '/';
  const envId = env.PRX_GOOGLE_CLIENT_ID?.trim() ?? '';
  const envSecret = env.PRX_GOOGLE_CLIENT_SECRET?.trim() ?? '';
  const clientId = envId || (db ? (await readConfig(db, 'GmailClientId')).trim() : '');
  const clientSecret = envSecret || (db ? (await readConfig(db, 'GmailClientSecret')).trim() : '');
  return {
    sandbox: false,
    authUrl: urlFrom(env, 'PRX_GOOGLE_AUTH_URL', DEFAULT_GOOGLE_ENDPOINTS.authUrl),
    tokenUrl: urlFrom(env, 'PRX_GOOGLE_TOKEN_URL', DEFAULT_GOOGLE_ENDPOINTS.tokenUrl),
    revokeUrl: urlFrom(env, 'PRX_GOOGLE_REVOKE_URL', DEFAULT_GOOGLE_ENDPOINTS.revokeUrl),
    gmailApiUrl,
    client: clientId && clientSecret ? { clientId, clientSecret, source: envId && envSecret ? 'env' : 'config' } : null,
    idTokenCerts: null,
    simulator: null,
    env,
  };
}

/** The OAuth client, or AppError('gmail.noClient') telling the administrator what to set. */
export function requireClient(genv: GoogleEnvironment): GoogleClientCredentials {
  if (!genv.client) throw new AppError('gmail.noClient');
  return genv.client;
}

/**
 * google-auth-library's OAuth2Client on our endpoints, with a request timeout and a
 * short retry policy (an authorization code is never retried: a retry after Google
 * used it would only say "invalid_grant").
 */
export async function createOAuthClient(genv: GoogleEnvironment, redirectUri?: string): Promise<OAuth2Client> {
  const { OAuth2Client: Client } = await import('google-auth-library');
  const client = new Client({
    clientId: genv.client?.clientId,
    clientSecret: genv.client?.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: genv.authUrl, oauth2TokenUrl: genv.tokenUrl, oauth2RevokeUrl: genv.revokeUrl },
    transporterOptions: { timeout: 20_000 },
  });
  client.transporter.interceptors.request.add({
    resolved: async (cfg) => {
      // The proxy decision is ours (services/net/proxy.ts), the same as for the upload:
      // gaxios has already picked an agent from HTTPS_PROXY; ours replaces it.
      if (cfg.url) cfg.agent = googleAgent(String(cfg.url), genv.env);
      const isCode = cfg.data instanceof URLSearchParams && cfg.data.get('grant_type') === 'authorization_code';
      cfg.retryConfig = {
        ...cfg.retryConfig,
        retry: isCode ? 0 : 2,
        noResponseRetries: isCode ? 0 : 1,
        retryDelay: 100,
        maxRetryDelay: 2_000,
        totalTimeout: 30_000,
      };
      return cfg;
    },
  });
  return client;
}

const directAgents = new Map<string, unknown>();

/** The agent for one of google-auth-library's requests: through the proxy, or a direct one (reused). */
function googleAgent(url: string, env: NodeJS.ProcessEnv) {
  if (proxyFor(url, env)) return agentFor(url, {}, env);
  const scheme = url.startsWith('https:') ? 'https' : 'http';
  if (!directAgents.has(scheme)) directAgents.set(scheme, agentFor(url, { keepAlive: true }, env));
  return directAgents.get(scheme) as ReturnType<typeof agentFor>;
}

/** The OAuth error code Google answered (invalid_grant, invalid_client…), if any. */
export function oauthErrorCode(err: unknown): string | undefined {
  const data = (err as { response?: { data?: unknown } } | undefined)?.response?.data;
  if (data && typeof data === 'object') {
    const e = (data as { error?: unknown }).error;
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object' && typeof (e as { status?: unknown }).status === 'string') return (e as { status: string }).status;
  }
  if (typeof data === 'string') {
    try {
      const parsed = JSON.parse(data) as { error?: unknown };
      if (typeof parsed.error === 'string') return parsed.error;
    } catch {
      /* not JSON */
    }
  }
  const msg = (err as { message?: unknown } | undefined)?.message;
  return msg === 'invalid_grant' ? 'invalid_grant' : undefined;
}

export function httpStatusOf(err: unknown): number | undefined {
  const s = (err as { response?: { status?: unknown }; status?: unknown } | undefined)?.response?.status;
  return typeof s === 'number' ? s : undefined;
}

/**
 * One sentence for a failed call to Google's OAuth endpoints. `during` says what was
 * being done: an invalid_grant on a code means "start again", on a refresh token
 * "reconnect". Nothing of the library's message (which may quote a request) is kept.
 */
export function mapGoogleError(err: unknown, during: 'exchange' | 'refresh' | 'revoke', endpoint: string): AppError {
  if (err instanceof AppError) return err;
  const code = oauthErrorCode(err);
  const status = httpStatusOf(err);
  log('warn', `google ${during} failed: status=${status ?? 'none'} error=${code ?? 'none'}`);
  if (code === 'invalid_grant') return new AppError(during === 'exchange' ? 'gmail.codeRejected' : 'gmail.needsRelink');
  if (code === 'invalid_client' || code === 'unauthorized_client') return new AppError('gmail.clientRejected');
  if (status === undefined) {
    let host = endpoint;
    try {
      host = new URL(endpoint).host;
    } catch {
      /* keep as is */
    }
    return new AppError('gmail.googleUnreachable', { host });
  }
  if (status === 429 || status >= 500) return new AppError('gmail.googleUnavailable', { status });
  return new AppError('gmail.tokenRefused', { code: code ?? `HTTP ${status}` });
}
