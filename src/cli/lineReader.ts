import { isUtf8 } from 'node:buffer';
import { AppError } from '../services/errors.js';

/**
 * Standard input a line at a time. Lines are cut from bytes, then decoded: a character
 * split across two reads stays whole, and a line that is not valid UTF-8 is refused rather
 * than read as U+FFFD. What arrived past a line waits here for the next call (one reader
 * per run: tests each get their own).
 */
export class LineReader {
  private readonly pending: Buffer[] = [];
  private ended = false;
  private partial: Buffer = Buffer.alloc(0);

  constructor(private readonly stream: NodeJS.ReadableStream) {}

  /** The next line ('' at the end of input); rejects with AppError cli.invalidUtf8 for a line that is not UTF-8. */
  next(): Promise<string> {
    if (this.pending.length) return new Promise((resolve) => resolve(decodeLine(this.pending.shift()!)));
    if (this.ended) return Promise.resolve('');
    const stream = this.stream;
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer | string) => {
        this.partial = Buffer.concat([this.partial, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8')]);
        let nl: number;
        while ((nl = this.partial.indexOf(0x0a)) >= 0) {
          this.pending.push(this.partial.subarray(0, nl));
          this.partial = this.partial.subarray(nl + 1);
        }
        if (this.pending.length) finish(this.pending.shift()!);
      };
      const onEnd = () => {
        this.ended = true;
        const last = this.partial;
        this.partial = Buffer.alloc(0);
        finish(last);
      };
      const finish = (line: Buffer) => {
        stream.removeListener('data', onData);
        stream.removeListener('end', onEnd);
        stream.pause();
        try {
          resolve(decodeLine(line));
        } catch (e) {
          reject(e);
        }
      };
      stream.on('data', onData);
      stream.on('end', onEnd);
      stream.resume();
    });
  }
}

function decodeLine(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new AppError('cli.invalidUtf8', { what: 'stdin' });
  return bytes.toString('utf8').replace(/\r$/, '');
}
