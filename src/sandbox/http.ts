// The HTTP plumbing every part of the simulator shares: reading a bounded body, and
// answering JSON, HTML and Google-shaped errors.
import type http from 'node:http';

/** Records the answer of the request being handled (the simulator's call log). */
export type RecordCall = (status: number, grantType?: string) => void;

export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => (over ? reject(new Error('too large')) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(html);
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
};

export function googleError(code: number, message?: string, status?: string): unknown {
  const msg = message ?? (code === 429 ? 'Rate Limit Exceeded' : code >= 500 ? 'The service is currently unavailable.' : 'Bad Request');
  return {
    error: {
      code,
      message: msg,
      errors: [{ message: msg, domain: 'global', reason: code === 429 ? 'rateLimitExceeded' : 'backendError' }],
      status: status ?? STATUS_NAMES[code] ?? 'UNKNOWN',
    },
  };
}
