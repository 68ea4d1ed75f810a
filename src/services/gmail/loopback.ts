// The loopback listener of the OAuth redirect: 127.0.0.1 only, one path, no state of its
// own (the attempt decides what a callback means).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../errors.js';
import { translate, type Lang } from '../i18n/index.js';

export const CALLBACK_PATH = '/oauth2callback';

export interface Loopback {
  readonly port: number;
  /** http://127.0.0.1:PORT/oauth2callback */
  readonly redirectUri: string;
  /** Stops listening (the answer page still reaches the browser). */
  close(): void;
}

/**
 * Listens on 127.0.0.1:`port` (0: a free port) and hands each GET of the callback path to
 * `onCallback` with its query; anything else is a 404. Throws gmail.portInUse or
 * gmail.listenFailed.
 */
export async function listenLoopback(
  port: number,
  onCallback: (params: URLSearchParams, res: http.ServerResponse) => Promise<void> | void,
): Promise<Loopback> {
  let redirectUri = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', redirectUri || 'http://127.0.0.1/');
    if (url.pathname !== CALLBACK_PATH || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Not found');
      return;
    }
    void onCallback(url.searchParams, res);
  });
  const bound = await listen(server, port);
  redirectUri = `http://127.0.0.1:${bound}${CALLBACK_PATH}`;
  return { port: bound, redirectUri, close: () => closeServer(server) };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new AppError('gmail.portInUse', { port }));
      else reject(new AppError('gmail.listenFailed', { port, code: e.code ?? 'error' }));
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): void {
  // Let the answer page reach the browser, then drop idle keep-alive connections.
  server.close();
  setTimeout(() => server.closeAllConnections(), 200).unref();
}

/** The page the browser shows after the redirect: one sentence in the user's language. */
export function callbackPage(res: http.ServerResponse, status: number, message: string, lang: Lang): void {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const title = translate(lang, 'gmail.page.title');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(message)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(html);
}
