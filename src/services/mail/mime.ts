// The MIME message, streamed. nodemailer's MailComposer builds the message around a
// tiny placeholder attachment (RFC 2047 headers, RFC 2231 file names, the boundaries);
// the placeholder is then replaced, on the wire, by the base64 of the PDF in 76-character
// lines produced here in large blocks. So:
// - the exact size is known before anything is read (headers + 4/3 × 78/76 of the PDF),
//   and an oversized mail is refused before any work;
// - no temporary .eml file and no whole-message buffer: the upload reads the PDF in
//   ~1 MB blocks and writes each block straight to the request;
// - any byte range can be produced again (a resumable upload resumes from the offset
//   the server reports, a line boundary or not).
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface MessageParts {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** The PDF on disk and its size in bytes (from the renderer; the file is read only when sent). */
  readonly attachment: { readonly fileName: string; readonly path: string; readonly bytes: number };
}

export interface MessagePlan {
  /** Exact size of the whole message in bytes. */
  readonly bytes: number;
  /** The message bytes in [start, end) (default: all of it), in blocks of about 1 MB. */
  range(start?: number, end?: number): AsyncIterable<Buffer>;
}

/** Source bytes per block: 57 bytes make one 76-character line; 16384 lines ≈ 0.9 MB read, 1.2 MB written. */
const LINES_PER_BLOCK = 16_384;
const SRC_LINE = 57;
const OUT_LINE = 78; // 76 characters + CRLF

/** Bytes of the base64 body of `n` bytes in 76-character lines, each ended by CRLF. */
export function base64BodyBytes(n: number): number {
  const chars = 4 * Math.ceil(n / 3);
  const full = Math.floor(chars / 76);
  const rest = chars % 76;
  return full * OUT_LINE + (rest ? rest + 2 : 0);
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

  async function* range(start = 0, end = total): AsyncIterable<Buffer> {
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
        while (pos < end && src < pdfBytes) {
          const want = Math.min(input.length, pdfBytes - src);
          const { bytesRead } = await file.read(input, 0, want, src);
          if (bytesRead !== want) throw new Error(`attachment shorter than rendered: ${pdfPath}`);
          src += bytesRead;
          let block = encodeLines(input.subarray(0, bytesRead));
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

  return { bytes: total, range };
}

/**
 * base64 of `src` in 76-character lines, each followed by CRLF, in one new buffer. The
 * base64 is written in one call, then the lines are moved apart in place from the last
 * one (one memmove per line, not a copy per line into a second buffer).
 */
export function encodeLines(src: Buffer): Buffer {
  const chars = 4 * Math.ceil(src.length / 3);
  const lines = Math.ceil(chars / 76);
  const out = Buffer.allocUnsafe(base64BodyBytes(src.length));
  out.write(src.toString('base64'), 0, 'latin1');
  for (let i = lines - 1; i >= 0; i--) {
    const from = i * 76;
    const len = Math.min(76, chars - from);
    const to = i * OUT_LINE;
    if (i > 0) out.copyWithin(to, from, from + len);
    out[to + len] = 13;
    out[to + len + 1] = 10;
  }
  return out;
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
