import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { base64BodyBytes, encodeLines, planMessage, type MessagePlan } from '../../src/services/mail/mime.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prx-mime-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function collect(plan: MessagePlan, start?: number, end?: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of plan.range(start, end)) parts.push(Buffer.from(b));
  return Buffer.concat(parts);
}

function pdfOf(bytes: number): { path: string; content: Buffer } {
  const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(Math.max(0, bytes - 9))]).subarray(0, bytes);
  const file = path.join(dir, `r-${bytes}.pdf`);
  writeFileSync(file, content);
  return { path: file, content };
}

const parts = (pdf: { path: string; content: Buffer }) => ({
  from: { name: 'Éloïse Côté', address: 'ecote@example.com' },
  to: ['destinataire@example.com'],
  cc: ['copie@example.com'],
  subject: 'Rapport « été »',
  text: 'Bonjour,\n\nVoici le rapport.\n',
  attachment: { fileName: 'USR01-Liste des utilisateurs-2026-11-30.pdf', path: pdf.path, bytes: pdf.content.length },
});

describe('the streamed MIME message', () => {
  it('base64 in 76-character lines ended by CRLF, exactly as MIME wants, for every length around a line', () => {
    for (const n of [1, 2, 3, 56, 57, 58, 114, 1000, 57 * 256 - 1, 57 * 256, 57 * 256 + 1, 57 * 16_384 + 5]) {
      const src = randomBytes(n);
      const out = encodeLines(src);
      expect(out.length).toBe(base64BodyBytes(n));
      const lines = out.toString('latin1').split('\r\n');
      expect(lines.pop()).toBe('');
      expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
      expect(Buffer.from(lines.join(''), 'base64').equals(src)).toBe(true);
    }
  });

  it('has the size announced before reading the PDF, parses with the attachment byte-identical, and any range is the same bytes', async () => {
    for (const n of [100, 57 * 16_384 * 2 + 31, 3 * 1024 * 1024 + 7]) {
      const pdf = pdfOf(n);
      const plan = await planMessage(parts(pdf));
      const whole = await collect(plan);
      expect(whole.length).toBe(plan.bytes);
      const mail = await simpleParser(whole);
      expect(mail.subject).toBe('Rapport « été »');
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]!.filename).toBe('USR01-Liste des utilisateurs-2026-11-30.pdf');
      expect(mail.attachments[0]!.content.equals(pdf.content)).toBe(true);
      // Resuming anywhere (inside the headers, mid-line, at the end of the body) gives the same bytes.
      for (const at of [0, 17, Math.floor(plan.bytes * 0.3), Math.floor(plan.bytes * 0.7) + 1, plan.bytes - 40, plan.bytes]) {
        expect((await collect(plan, at)).equals(whole.subarray(at))).toBe(true);
      }
      const [a, b] = [Math.floor(plan.bytes / 3), Math.floor((plan.bytes * 2) / 3)];
      expect((await collect(plan, a, b)).equals(whole.subarray(a, b))).toBe(true);
    }
  });
});
