// The MIME message, built by nodemailer's MailComposer (RFC 2047 headers, RFC 2231 file
// names, base64 attachment) and streamed to a private temp file: its exact size is known
// before anything is sent, and each upload attempt re-reads it instead of rebuilding.
import { randomUUID } from 'node:crypto';
import { open, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface MessageParts {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachment: { readonly fileName: string; readonly path: string };
}

export interface BuiltMessage {
  /** The .eml file (0600); the caller removes it. */
  readonly path: string;
  readonly bytes: number;
}

export async function buildMessageFile(parts: MessageParts, dir = os.tmpdir()): Promise<BuiltMessage> {
  // Loaded here: the console's start-up never pays for nodemailer.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: { name: parts.from.name, address: parts.from.address },
    to: [...parts.to],
    cc: parts.cc.length ? [...parts.cc] : undefined,
    subject: parts.subject,
    text: parts.text,
    // Read in 1 MB chunks: the base64 encoder works far less per byte than with 64 KB ones.
    attachments: [
      {
        filename: parts.attachment.fileName,
        content: createReadStream(parts.attachment.path, { highWaterMark: 1 << 20 }),
        contentType: 'application/pdf',
      },
    ],
  });
  const file = path.join(dir, `prextra-mail-${randomUUID()}.eml`);
  const handle = await open(file, 'wx', 0o600);
  try {
    await pipeline(composer.compile().createReadStream(), handle.createWriteStream());
    return { path: file, bytes: (await stat(file)).size };
  } catch (err) {
    await unlink(file).catch(() => undefined);
    throw err;
  }
}
