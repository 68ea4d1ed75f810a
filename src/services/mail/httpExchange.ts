// One HTTP request of an upload, with what the retry rules need to know and nothing
// more: whether the whole body reached the other end, whether bytes stopped moving
// (stall), and how many bytes were flushed so far (progress that means the network, not
// a buffer in this process).
//
// "Reached the other end" is stronger than the request's 'finish' (every byte handed to
// the kernel): the kernel's send buffer holds megabytes, and a reset can come while they
// are still there, never received. On Linux the socket's send queue (/proc/net/tcp
// tx_queue: bytes written but not yet acknowledged by the peer's TCP) is watched after
// 'finish' until it is empty; elsewhere 'finish' is what we have. Only for a request
// whose caller asks (onBodySent): reading that table costs milliseconds of kernel time
// (the kernel walks every socket), so only the socket's family's table is read, off the
// event loop, at widening intervals, plus once at once when the request fails without an
// answer — and not at all for the chunks of a resumable upload before the last, whose
// fate the upload session tells.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';

export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The whole request body had left this machine when the answer came. */
  readonly bodySent: boolean;
}

export interface ExchangeRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The body, its length given in Content-Length by the caller; none when omitted. */
  readonly body?: AsyncIterable<Buffer>;
  /**
   * Pooled body blocks: each is given back once the socket has it; the ones still out when
   * the request fails are forgotten (the socket may hold them yet), never reused.
   */
  readonly pool?: { release(block: Buffer): void; forget(block: Buffer): void };
  readonly agent?: http.Agent;
  /** No byte moved (either way) for this long: the request is abandoned as stalled. */
  readonly stallMs: number;
  /** Bytes of the body flushed to the socket so far. */
  readonly onFlushed?: (bytes: number) => void;
  /**
   * The whole body reached the other end: from now on we only wait for Google's answer.
   * Without it nobody needs to know, and the send queue is not watched: `bodySent` is then
   * true only for a request that got its answer.
   */
  readonly onBodySent?: () => void;
}

/** The request failed without an answer. `bodySent`: the whole body had reached the other end. */
export class TransferError extends Error {
  readonly code: string;
  readonly bodySent: boolean;
  readonly stalled: boolean;
  /** The body could not be produced here (the PDF could not be read): not a network failure. */
  readonly local: boolean;
  constructor(cause: unknown, bodySent: boolean, stalled: boolean, local: boolean) {
    const c = cause as { code?: unknown; message?: unknown } | undefined;
    super(String(c?.message ?? cause), { cause });
    this.name = 'TransferError';
    this.code = stalled ? 'STALLED' : String(c?.code ?? 'ERR');
    this.bodySent = bodySent;
    this.stalled = stalled;
    this.local = local;
  }
}

const MAX_REPLY = 1 << 20;

export function exchange(x: ExchangeRequest): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const url = new URL(x.url);
    const mod = url.protocol === 'https:' ? https : http;
    let bodySent = false;
    let stalled = false;
    let localError: unknown = null;
    let answered = false;
    let settled = false;
    let lastMove = Date.now();
    const moved = () => (lastMove = Date.now());

    const req = mod.request(url, { method: x.method, headers: x.headers, agent: x.agent });
    let socket: net.Socket | null = null;
    req.on('socket', (s) => (socket = s));
    /** After 'finish': bytes still unacknowledged by the peer; null when it cannot be known. */
    let unacked: number | null = null;
    const timer = setInterval(
      () => {
        if (Date.now() - lastMove < x.stallMs) return;
        stalled = true;
        req.destroy(new Error(`no byte moved in ${x.stallMs} ms`));
      },
      Math.max(20, Math.min(1000, x.stallMs / 4)),
    );
    let ackTimer: NodeJS.Timeout | null = null;
    const delivered = () => {
      if (bodySent) return;
      bodySent = true;
      moved();
      x.onBodySent?.();
    };
    /** 'finish': now watch the send queue drain to the peer (each byte acknowledged counts as movement). */
    const watchAcks = () => {
      if (!x.onBodySent) return;
      // Each look costs milliseconds of kernel time, off the event loop: a few looks while
      // Google reads, widening; an answer or a failure settles it anyway (see finish).
      let every = 20;
      const look = () => void (socket ? sendQueue(socket) : Promise.resolve(null)).then(check);
      const check = (q: number | null) => {
        ackTimer = null;
        if (settled || bodySent) return;
        if (q === null || q === 0) {
          unacked = q;
          delivered();
          return;
        }
        if (unacked === null || q < unacked) moved();
        unacked = q;
        ackTimer = setTimeout(look, every);
        every = Math.min(400, every * 2);
      };
      look();
    };
    let finished = false;
    const outstanding = new Set<Buffer>();
    const finish = (err: unknown, reply?: Reply) => {
      if (settled) return;
      settled = true;
      for (const b of outstanding) x.pool?.forget(b);
      outstanding.clear();
      clearInterval(timer);
      if (ackTimer) clearTimeout(ackTimer);
      // An answer means Google had what it needed of the body (said, if the watch had not seen it yet).
      if (reply && finished) delivered();
      // No answer: one last look, now, at what the peer acknowledged (the watch looks only now
      // and then). A socket already gone from the table proves nothing.
      if (!reply && finished && !bodySent && x.onBodySent && socket && sendQueueNow(socket) === 0) delivered();
      // An early answer (before the whole body was written): the connection cannot be reused.
      if (reply && !finished) req.destroy();
      if (reply) resolve({ ...reply, bodySent });
      else reject(new TransferError(localError ?? err, bodySent, stalled, localError !== null));
    };

    req.on('error', (e) => finish(e));
    req.on('response', (res) => {
      answered = true;
      moved();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        moved();
        size += c.length;
        if (size <= MAX_REPLY) chunks.push(c);
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), bodySent }));
      res.on('error', (e) => finish(e));
      res.on('aborted', () => finish(new Error('response aborted')));
    });

    void (async () => {
      let flushed = 0;
      const flushedBy = (block: Buffer) => (err?: Error | null) => {
        if (!outstanding.delete(block)) return;
        if (err) return x.pool?.forget(block);
        x.pool?.release(block);
        flushed += block.length;
        moved();
        x.onFlushed?.(flushed);
      };
      try {
        if (x.body) {
          const it = x.body[Symbol.asyncIterator]();
          let next = it.next();
          for (;;) {
            const r = await next;
            if (r.done) break;
            if (answered || req.destroyed || settled) {
              // Never written: back to the pool as it is.
              x.pool?.release(r.value);
              await it.return?.();
              return;
            }
            outstanding.add(r.value);
            const ok = req.write(r.value, flushedBy(r.value));
            // The next block is read and encoded while this one drains (back-pressure:
            // never more than two blocks in memory).
            next = it.next();
            if (!ok) await drained(req);
          }
        }
        if (answered || req.destroyed) return;
        req.end(() => {
          finished = true;
          moved();
          watchAcks();
        });
      } catch (e) {
        localError = e;
        req.destroy(e instanceof Error ? e : new Error(String(e)));
      }
    })();
  });
}

function drained(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

/**
 * Bytes written to this TCP socket and not yet acknowledged by the peer (Linux: the
 * tx_queue column of /proc/net/tcp, or tcp6 for an IPv6 socket, on the line of the
 * socket's port pair); null elsewhere.
 */
async function sendQueue(socket: net.Socket): Promise<number | null> {
  const table = queueTable(socket);
  if (!table) return null;
  try {
    return txQueue(await readFile(table, 'latin1'), socket);
  } catch {
    return null;
  }
}

/** The same, read at once (blocking: a few milliseconds). */
function sendQueueNow(socket: net.Socket): number | null {
  const table = queueTable(socket);
  if (!table) return null;
  try {
    return txQueue(readFileSync(table, 'latin1'), socket);
  } catch {
    return null;
  }
}

function queueTable(socket: net.Socket): string | null {
  if (!socket.localPort || !socket.remotePort) return null;
  return socket.remoteFamily === 'IPv6' ? '/proc/net/tcp6' : '/proc/net/tcp';
}

function txQueue(text: string, socket: net.Socket): number | null {
  const hex = (port: number | undefined) => `:${(port ?? 0).toString(16).toUpperCase().padStart(4, '0')} `;
  const ports = hex(socket.localPort);
  const remotePort = hex(socket.remotePort);
  for (const line of text.split('\n')) {
    // "  sl  local_address rem_address   st tx_queue:rx_queue …"
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5 || !`${cols[1]} `.endsWith(ports) || !`${cols[2]} `.endsWith(remotePort)) continue;
    const tx = Number.parseInt(cols[4]!.split(':')[0]!, 16);
    return Number.isFinite(tx) ? tx : null;
  }
  return null;
}
