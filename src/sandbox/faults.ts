// Fault injection: the tests (and a curious newcomer) switch an endpoint into answering
// an error, dropping the connection, or answering late, for the next N requests.
import type http from 'node:http';
import { googleError, send } from './http.js';

export type SimEndpoint = 'consent' | 'token' | 'revoke' | 'gmail' | 'certs';

/** One injected fault: the next `count` requests to an endpoint (all when omitted). */
export interface SimFault {
  /** HTTP status to answer (e.g. 503, 429); ignored with `drop`. */
  readonly status?: number;
  /** JSON body to answer; a Google-shaped error by default. */
  readonly body?: unknown;
  /** How many requests it applies to; unlimited when omitted (endpoint "down"). */
  readonly count?: number;
  /** Close the connection without an answer (network failure). */
  readonly drop?: boolean;
  /** Wait this long before answering (or dropping). */
  readonly delayMs?: number;
  /** Gmail only: store the message first, then fail (the upload may have reached Google). */
  readonly afterStore?: boolean;
  /** Retry-After header, in seconds. */
  readonly retryAfter?: number;
  /**
   * Gmail uploads: cut the connection when the upload reaches this byte of the message
   * (a media upload keeps nothing; a resumable session keeps what came, in 256 KiB
   * units). At or past the last byte: the whole message is received and stored, and the
   * connection is cut before the answer. Taken by the first request carrying that byte.
   */
  readonly cutAt?: number;
  /** Gmail uploads: stop reading at this byte of the message and never answer (a stall). */
  readonly stallAt?: number;
}

export type ArmedFault = SimFault & { left: number };

export interface FaultSwitches {
  set(endpoint: SimEndpoint, fault: SimFault | null): void;
  clear(): void;
  /** The fault for this request to `endpoint`, counted; null when none is armed. */
  take(endpoint: SimEndpoint): ArmedFault | null;
  /** The fault armed on `endpoint`, not counted. */
  peek(endpoint: SimEndpoint): ArmedFault | null;
}

export function createFaultSwitches(): FaultSwitches {
  const faults = new Map<SimEndpoint, ArmedFault>();
  return {
    set(endpoint, fault) {
      if (fault) faults.set(endpoint, { ...fault, left: fault.count ?? Number.POSITIVE_INFINITY });
      else faults.delete(endpoint);
    },
    clear: () => faults.clear(),
    peek: (endpoint) => faults.get(endpoint) ?? null,
    take(endpoint) {
      const f = faults.get(endpoint);
      if (!f) return null;
      f.left -= 1;
      if (f.left <= 0) faults.delete(endpoint);
      return f;
    },
  };
}

/** Answers the request as the fault says (after its delay): an error, or a dropped connection. */
export async function applyFault(res: http.ServerResponse, f: SimFault, record: (status: number) => void): Promise<void> {
  if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
  if (f.drop) {
    record(0);
    res.socket?.destroy();
    return;
  }
  const status = f.status ?? 503;
  record(status);
  const headers: Record<string, string> = {};
  if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter);
  send(res, status, f.body ?? googleError(status), headers);
}
