// The MIME message, streamed. nodemailer's MailComposer builds the message around a
// tiny placeholder attachment (RFC 2047 headers, RFC 2231 file names, the boundaries);
// the placeholder is then replaced, on the wire, by the base64 of the PDF in 76-character
// lines produced here in large blocks. So:
// - the exact size is known before anything is read (headers + 4/3 × 78/76 of the PDF),
//   and an oversized mail is refused before any work;
// - no temporary .eml file and no whole-message buffer: the upload reads the PDF in
//   ~1 MB blocks and writes each block straight to the request, from a few buffers
//   recycled once the socket has them (no garbage, flat memory);
// - the PDF is hashed as it goes out: a file that no longer matches what the renderer
//   wrote stops the upload before the message's last byte (Gmail never completes it);
// - any byte range can be produced again (a resumable upload resumes from the offset
//   the server reports, a line boundary or not).
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { AppError } from '../errors.js';

export interface MessageParts {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  /**
   * The PDF on disk, its size in bytes and (when known) its SHA-256 as the renderer wrote
   * it: the file is read only when sent, and checked against it on the way.
   */
  readonly attachment: { readonly fileName: string; readonly path: string; readonly bytes: number; readonly sha256?: string };
}

export interface MessagePlan {
  /** Exact size of the whole message in bytes. */
  readonly bytes: number;
  /**
   * The message bytes in [start, end) (default: all of it), in blocks of about 1 MB. With
   * `pooled`, blocks come from a few recycled buffers: the caller gives each back with
   * release() once written (the next blocks wait for it); without, each block is its own.
   */
  range(start?: number, end?: number, opts?: { readonly pooled?: boolean }): AsyncIterable<Buffer>;
  /** Gives a pooled block back once the socket has it. */
  release(block: Buffer): void;
  /** A pooled block lost with its request (it may still be referenced): a new buffer takes its place. */
  forget(block: Buffer): void;
}

/** Source bytes per block: 57 bytes make one 76-character line; 16384 lines ≈ 0.9 MB read, 1.2 MB written. */
const LINES_PER_BLOCK = 16_384;
const SRC_LINE = 57;
const OUT_LINE = 78; // 76 characters + CRLF
const POOL_SIZE = 3;

/** Bytes of the base64 body of `n` bytes in 76-character lines, each ended by CRLF. */
export function base64BodyBytes(n: number): number {
  const chars = 4 * Math.ceil(n / 3);
  const full = Math.floor(chars / 76);
  const rest = chars % 76;
  return full * OUT_LINE + (rest ? rest + 2 : 0);
}

/** Source bytes encoded per native call: 256 whole lines, a 19 KB string (young, soon collected). */
const PIECE = SRC_LINE * 256;

/**
 * Writes the base64 of `src` in 76-character lines, each ended by CRLF, at the start of
 * `out` (which must hold base64BodyBytes(src.length) bytes); returns the bytes written.
 * Node's own base64 (native) of 256 lines at a time is written at the end of the room
 * those lines take, then each line is moved forward into place with copyWithin (a
 * memmove, no byte through JS) and its CRLF added: a third of the time of encoding 3
 * bytes at a time in JS. (Small pieces: one string per block would be a megabyte each,
 * left for the old generation to collect.)
 */
export function encodeLinesInto(src: Uint8Array, out: Buffer): number {
  const bytes = Buffer.from(src.buffer, src.byteOffset, src.length);
  let o = 0;
  for (let from = 0; from < bytes.length; from += PIECE) {
    const piece = bytes.subarray(from, Math.min(bytes.length, from + PIECE));
    const room = base64BodyBytes(piece.length);
    const chars = 4 * Math.ceil(piece.length / 3);
    // The text at the end of the room; line k is read from there + 76k and written at 78k.
    let read = o + room - chars;
    const stop = o + room;
    out.write(piece.toString('base64'), read, chars, 'latin1');
    for (; read < stop; read += 76) {
      const end = Math.min(read + 76, stop);
      out.copyWithin(o, read, end);
      o += end - read;
      out[o++] = 13;
      out[o++] = 10;
    }
  }
  return o;
}

/** base64 of `src` in 76-character lines, each followed by CRLF, in a new buffer. */
export function encodeLines(src: Uint8Array): Buffer {
  const out = Buffer.alloc(base64BodyBytes(src.length) + 2);
  return out.subarray(0, encodeLinesInto(src, out));
}

/**
 * The message for `parts`, its size known at once. Builds only the small skeleton
 * (headers, text part, attachment headers); the PDF is read when range() is consumed.
 */
export async function planMessage(parts: MessageParts): Promise<MessagePlan> {
  const { prefix, suffix } = await skeleton(parts);
  const pdfBytes = parts.attachment.bytes;
  const bodyBytes = base64BodyBytes(pdfBytes);
  const total = prefix.length + bodyBytes + suffix.length;
  const pdfPath = parts.attachment.path;
  const expected = parts.attachment.sha256;

  // The hash of the PDF as read so far, in order, whatever ranges were asked.
  let hash: Hash | null = expected ? createHash('sha256') : null;
  let hashed = 0;
  const account = (bytes: Uint8Array, at: number) => {
    if (!hash || at > hashed || at + bytes.length <= hashed) return;
    hash.update(bytes.subarray(hashed - at));
    hashed = at + bytes.length;
    if (hashed === pdfBytes) {
      const got = hash.digest('hex');
      hash = null;
      if (got !== expected) throw new AppError('mail.attachmentBroken', { reason: { ref: 'mail.reason.changed' } });
    }
  };

  // Output blocks recycled once written (+2: room the encoder asks for a partial last line).
  const blockBytes = OUT_LINE * LINES_PER_BLOCK + 2;
  const free: Buffer[] = [];
  let made = 0;
  const waiting: Array<(b: Buffer) => void> = [];
  const acquire = async (): Promise<Buffer> => {
    const b = free.pop();
    if (b) return b;
    if (made < POOL_SIZE) {
      made++;
      return Buffer.from(new ArrayBuffer(blockBytes));
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (block: Buffer) => {
    const whole = Buffer.from(block.buffer, 0, blockBytes);
    const next = waiting.shift();
    if (next) next(whole);
    else free.push(whole);
  };

  async function* range(start = 0, end = total, opts: { readonly pooled?: boolean } = {}): AsyncIterable<Buffer> {
    if (start < 0 || end > total || start > end) throw new RangeError(`bad message range ${start}-${end} of ${total}`);
    let pos = start;
    if (pos < prefix.length) {
      const stop = Math.min(end, prefix.length);
      yield prefix.subarray(pos, stop);
      pos = stop;
    }
    const bodyEnd = prefix.length + bodyBytes;
    if (pos < end && pos < bodyEnd) {
      // Start at the line holding `pos`; drop what comes before it in the first block.
      const firstLine = Math.floor((pos - prefix.length) / OUT_LINE);
      let skip = pos - prefix.length - firstLine * OUT_LINE;
      let src = firstLine * SRC_LINE;
      const file = await open(pdfPath, 'r');
      try {
        const input = Buffer.allocUnsafe(SRC_LINE * LINES_PER_BLOCK);
        // A resume beyond what was hashed (never in practice): hash the gap first.
        while (hash && hashed < src) {
          const { bytesRead } = await file.read(input, 0, Math.min(input.length, src - hashed), hashed);
          if (!bytesRead) break;
          account(input.subarray(0, bytesRead), hashed);
        }
        while (pos < end && src < pdfBytes) {
          const want = Math.min(input.length, pdfBytes - src);
          const { bytesRead } = await file.read(input, 0, want, src);
          if (bytesRead !== want) throw new AppError('mail.attachmentBroken', { reason: { ref: 'mail.reason.changed' } });
          account(input.subarray(0, bytesRead), src);
          src += bytesRead;
          const out = opts.pooled ? await acquire() : Buffer.from(new ArrayBuffer(blockBytes));
          let block = out.subarray(0, encodeLinesInto(input.subarray(0, bytesRead), out));
          if (skip) {
            block = block.subarray(skip);
            skip = 0;
          }
          if (block.length > end - pos) block = block.subarray(0, end - pos);
          pos += block.length;
          yield block;
        }
      } finally {
        await file.close();
      }
    }
    if (pos < end) yield suffix.subarray(pos - bodyEnd, end - bodyEnd);
  }

  return {
    bytes: total,
    range,
    release: (block) => {
      if (block.buffer.byteLength === blockBytes) release(block);
    },
    forget: (block) => {
      if (block.buffer.byteLength !== blockBytes) return;
      made--;
      // Someone waiting for a block gets a new one.
      const next = waiting.shift();
      if (next) {
        made++;
        next(Buffer.from(new ArrayBuffer(blockBytes)));
      }
    },
  };
}

/** The message as MailComposer writes it, split around the placeholder attachment's body. */
async function skeleton(parts: MessageParts): Promise<{ prefix: Buffer; suffix: Buffer }> {
  // Loaded here: the console's start-up never pays for nodemailer.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const marker = randomBytes(24); // base64: 32 characters, one line, found once
  const composer = new MailComposer({
    from: { name: parts.from.name, address: parts.from.address },
    to: [...parts.to],
    cc: parts.cc.length ? [...parts.cc] : undefined,
    subject: parts.subject,
    text: parts.text,
    attachments: [{ filename: parts.attachment.fileName, content: marker, contentType: 'application/pdf' }],
  });
  const whole = await composer.compile().build();
  const line = Buffer.from(`\r\n\r\n${marker.toString('base64')}\r\n`, 'latin1');
  const at = whole.indexOf(line);
  if (at < 0 || whole.indexOf(line, at + 1) >= 0) throw new Error('MIME skeleton: attachment placeholder not found once');
  return { prefix: whole.subarray(0, at + 4), suffix: whole.subarray(at + line.length) };
}
