// Reaching one Google endpoint the way the console does (services/net/proxy.ts decides
// direct or through HTTPS_PROXY): its name resolved (direct only: through a proxy, the
// proxy resolves it), a TLS connection with the certificate checked, an HTTP answer, and
// the answer's Date header for the clock.
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { agentFor, describeRoute, proxyFor } from '../net/proxy.js';

export interface Probe {
  readonly origin: string;
  /** "direct" or "proxy http://host:port". */
  readonly route: string;
  /** The address the name resolved to (direct routes only). */
  readonly address?: string;
  /** The failure, as a short code: ENOTFOUND, ECONNREFUSED, CERT…, TIMEOUT. */
  readonly error?: string;
  /** What failed: the name, the connection (TCP or proxy), TLS (the certificate), or no answer. */
  readonly stage?: 'dns' | 'connect' | 'tls' | 'http';
  readonly tlsProtocol?: string;
  readonly status?: number;
  /** Google's clock (Date header), ms since the epoch, and ours at the answer. */
  readonly serverDate?: number;
  readonly localDate?: number;
  readonly ms: number;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME|ALTNAME|SSL|TLS|EPROTO/i;

/** One GET of `origin`/ (any HTTP answer means the way there works). */
export async function probe(origin: string, env: NodeJS.ProcessEnv, timeoutMs = 8_000, now = () => Date.now()): Promise<Probe> {
  const started = Date.now();
  const url = new URL(origin);
  const route = describeRoute(origin, env);
  let address: string | undefined;
  if (!proxyFor(origin, env)) {
    try {
      address = (await withTimeout(lookup(url.hostname), timeoutMs)).address;
    } catch (e) {
      return { origin, route, error: codeOf(e), stage: 'dns', ms: Date.now() - started };
    }
  }
  return new Promise<Probe>((resolve) => {
    const agent = agentFor(origin, {}, env);
    const mod = url.protocol === 'https:' ? https : http;
    let tlsProtocol: string | undefined;
    let connected = false;
    const done = (p: Omit<Probe, 'origin' | 'route' | 'address' | 'ms'>) => {
      agent.destroy();
      resolve({ origin, route, address, tlsProtocol, ...p, ms: Date.now() - started });
    };
    const req = mod.request(
      url,
      { method: 'GET', agent, timeout: timeoutMs, headers: { 'user-agent': 'prextra-console doctor' } },
      (res) => {
        res.resume();
        const socket = res.socket as TLSSocket;
        tlsProtocol = typeof socket.getProtocol === 'function' ? (socket.getProtocol() ?? undefined) : undefined;
        // Through a proxy, an answer without TLS is the proxy's own refusal, not Google's.
        if (url.protocol === 'https:' && !tlsProtocol) return done({ error: `PROXY ${res.statusCode}`, stage: 'connect' });
        const date = Date.parse(String(res.headers.date ?? ''));
        done({ status: res.statusCode, serverDate: Number.isFinite(date) ? date : undefined, localDate: now() });
      },
    );
    req.on('socket', (s) => s.once('connect', () => (connected = true)));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e) => {
      const code = codeOf(e);
      done({ error: code, stage: TLS_CODES.test(code) ? 'tls' : connected ? 'http' : 'connect' });
    });
    req.end();
  });
}

function codeOf(e: unknown): string {
  const c = (e as { code?: unknown } | undefined)?.code;
  return typeof c === 'string' && c ? c : String((e as Error)?.message ?? e).slice(0, 80);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), ms).unref()),
  ]);
}
