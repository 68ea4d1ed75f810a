// Recipient lists of a mail: what the Envoi screen's To/Cc fields and `--to`/`--cc` take —
// including what people paste from Outlook or Gmail (`"Côté, Élise" <elise@example.com>;
// boss@example.com`). nodemailer's addressparser reads the list (quotes, angle brackets,
// comments, groups); the display name is kept and goes into the mail's header.
import addressparser from 'nodemailer/lib/addressparser';
import { domainToASCII } from 'node:url';
import { AppError } from '../errors.js';
import { textProblem } from '../terminalText.js';
import { isValidEmail } from '../users/index.js';

/** One recipient as typed: the address, and the display name ('' when none). */
export interface Mailbox {
  readonly name: string;
  readonly address: string;
}

/** An entry of the list that holds no usable address, as the user typed it. */
export interface BadEntry {
  readonly bad: string;
}

/**
 * Splits a pasted or typed list into mailboxes, in the order typed: separators are commas,
 * semicolons and line breaks, and spaces between bare addresses (`a@x.com b@y.org`).
 * Entries without a valid address come back as `{bad}` (the text to show).
 */
export function parseAddressList(text: string): Array<Mailbox | BadEntry> {
  // A line break separates recipients (a pasted column of addresses).
  const source = text.replace(/\r?\n|\r/g, ', ');
  const out: Array<{ at: number; entry: Mailbox | BadEntry }> = [];
  const place = (needle: string) => {
    const at = source.indexOf(needle);
    return at < 0 ? source.length : at;
  };
  for (const parsed of addressparser(source, { flatten: true })) {
    const address = parsed.address.trim();
    let name = parsed.name.replace(/\s+/g, ' ').trim();
    // addressparser reads `a@x.com b@y.org` as the address a@x.com named "b@y.org":
    // bare addresses in the name (not quoted as one) are recipients of their own.
    const words = name.split(' ').filter(Boolean);
    const extra = words.map((w) => w.replace(/^<(.*)>$/, '$1')).filter((w) => isRecipientAddress(w) && !source.includes(`"${name}"`));
    if (extra.length) {
      name = words.filter((w) => !extra.includes(w.replace(/^<(.*)>$/, '$1'))).join(' ');
      for (const e of extra) out.push({ at: place(e), entry: { name: '', address: e } });
    }
    if (!address) {
      if (name) out.push({ at: place(name), entry: { bad: name } });
      continue;
    }
    out.push({ at: place(address), entry: isRecipientAddress(address) ? { name, address } : { bad: address } });
  }
  return out.sort((a, b) => a.at - b.at).map((o) => o.entry);
}

/** A mail address, internationalised domains (`jean@bücher.de`) included. */
export function isRecipientAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const domain = address.slice(at + 1);
  // Punycode form of the domain (bücher.de → xn--bcher-kva.de); '' when it is no domain.
  const ascii = /^[\x21-\x7e]*$/.test(domain) ? domain : domainToASCII(domain);
  return ascii !== '' && isValidEmail(`${address.slice(0, at)}@${ascii}`);
}

/** `Élise Côté <elise@example.com>`, quoted when the name holds specials (`"Côté, Élise" <…>`). */
export function formatMailbox(m: Mailbox): string {
  if (!m.name) return m.address;
  const name = /^[\p{L}\p{N}\p{M} !#$%&'*+\-/=?^_`{|}~]+$/u.test(m.name) ? m.name : `"${m.name.replace(/(["\\])/g, '\\$1')}"`;
  return `${name} <${m.address}>`;
}

/** One address of To or Cc is not an address; `field` says which. */
export class BadAddressError extends AppError<'mail.badAddress'> {
  readonly field: 'to' | 'cc';
  constructor(field: 'to' | 'cc', address: string) {
    super('mail.badAddress', { address });
    this.field = field;
  }
}

export interface Recipients {
  /** Each `Name <address>` or a bare address (formatMailbox), for the header and the outbox. */
  readonly to: string[];
  readonly cc: string[];
}

/**
 * Checks and normalises To and Cc: each entry may itself be a list (see parseAddressList);
 * duplicates (case-insensitive) are dropped, a Cc already in To too. Throws
 * BadAddressError naming the field and the first bad address, or
 * AppError('mail.noRecipient') when To is empty.
 */
export function validateRecipients(to: readonly string[], cc: readonly string[] = []): Recipients {
  const seen = new Set<string>();
  const clean = (list: readonly string[], field: 'to' | 'cc'): string[] => {
    const out: string[] = [];
    // A control character (an escape planted for the terminal of whoever reads the
    // journal) refuses the entry as typed; line breaks separate recipients.
    const hostile = list.find((entry) => textProblem(entry.replace(/\r\n?/g, '\n'), { multiline: true }));
    if (hostile !== undefined) throw new BadAddressError(field, hostile);
    for (const entry of list.flatMap(parseAddressList)) {
      if ('bad' in entry) throw new BadAddressError(field, entry.bad);
      const key = entry.address.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(formatMailbox(entry));
    }
    return out;
  };
  const toList = clean(to, 'to');
  if (toList.length === 0) throw new AppError('mail.noRecipient');
  return { to: toList, cc: clean(cc, 'cc') };
}

/** The outbox keeps a list as one text: joined so that splitRecipients gives it back whole. */
export function joinRecipients(list: readonly string[]): string {
  return list.join(', ');
}

/** The list joinRecipients stored (names with commas stay whole: `"Côté, Élise" <…>`). */
export function splitRecipients(text: unknown): string[] {
  return parseAddressList(String(text ?? '')).map((e) => ('bad' in e ? e.bad : formatMailbox(e)));
}
