// Recipient lists of a mail: what the Envoi screen's To/Cc fields and `--to`/`--cc` take.
import { AppError } from '../errors.js';
import { isValidEmail } from '../users/index.js';

/** Splits "a@x, b@y; c@z" (commas, semicolons, spaces, new lines) into trimmed addresses. */
export function parseAddressList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface Recipients {
  readonly to: string[];
  readonly cc: string[];
}

/**
 * Checks and normalises To and Cc: each entry may itself be a list (see parseAddressList);
 * duplicates (case-insensitive) are dropped, a Cc already in To too. Throws
 * AppError('mail.badAddress', {field: 'to'|'cc', address}) naming the first bad address, or
 * AppError('mail.noRecipient') when To is empty.
 */
export function validateRecipients(to: readonly string[], cc: readonly string[] = []): Recipients {
  const seen = new Set<string>();
  const clean = (list: readonly string[], field: 'to' | 'cc'): string[] => {
    const out: string[] = [];
    for (const address of list.flatMap(parseAddressList)) {
      if (!isValidEmail(address)) throw new AppError('mail.badAddress', { field, address });
      const key = address.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(address);
    }
    return out;
  };
  const toList = clean(to, 'to');
  if (toList.length === 0) throw new AppError('mail.noRecipient');
  return { to: toList, cc: clean(cc, 'cc') };
}
