// Whether a request to Google goes through a proxy, decided in one place for every client
// (google-auth-library's requests and our own upload): HTTPS_PROXY (https_proxy,
// HTTP_PROXY, http_proxy, as gaxios reads them) unless NO_PROXY names the host; this
// machine (loopback: the sandbox, a local test double) is always reached directly.
import { createRequire } from 'node:module';
import http from 'node:http';
import https from 'node:https';
import { isLoopbackHost } from '../gmail/transport.js';

/** The proxy a request to `url` goes through, or null for a direct connection. */
export function proxyFor(url: string, env: NodeJS.ProcessEnv): URL | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return null;
  }
  if (isLoopbackHost(target.hostname)) return null;
  const raw =
    target.protocol === 'https:'
      ? env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy
      : env.HTTP_PROXY || env.http_proxy;
  if (!raw?.trim()) return null;
  if (excludedByNoProxy(target, env.NO_PROXY ?? env.no_proxy ?? '')) return null;
  try {
    // "proxy.example.com:3128" is taken as http://proxy.example.com:3128, as curl does.
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) ? raw.trim() : `http://${raw.trim()}`);
  } catch {
    return null;
  }
}

/**
 * NO_PROXY as curl reads it: names separated by commas or spaces; "*" for every host; a
 * name matches itself and its subdomains (a leading dot or "*." allowed); an entry with
 * ":port" matches that port only.
 */
export function excludedByNoProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(?:\*\.|\.)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) continue;
    const name = m[1]!.replace(/^\[|\]$/g, '');
    if (m[2] && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** "direct" or "proxy http://host:port" (never the proxy's password): for doctor and the log. */
export function describeRoute(url: string, env: NodeJS.ProcessEnv): string {
  const p = proxyFor(url, env);
  return p ? `proxy ${p.protocol}//${p.host}` : 'direct';
}

/**
 * The agent for requests to `url`: through the proxy (an HTTP CONNECT tunnel, then TLS to
 * Google) when proxyFor says so, else a plain agent with `options`.
 */
export function agentFor(url: string, options: https.AgentOptions, env: NodeJS.ProcessEnv): http.Agent {
  const proxy = proxyFor(url, env);
  if (proxy) {
    // Loaded only when a proxy is set (require: a static import would load it at start-up).
    const { HttpsProxyAgent } = createRequire(import.meta.url)('https-proxy-agent') as typeof import('https-proxy-agent');
    return new HttpsProxyAgent(proxy, options);
  }
  return url.startsWith('https:') ? new https.Agent(options) : new http.Agent(options);
}
