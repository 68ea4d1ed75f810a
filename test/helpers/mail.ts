// Reading the mails the Google simulator received, as a recipient's mail server would.
import { readFileSync } from 'node:fs';
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
import type { GoogleSimulator } from '../../src/sandbox/googleSimulator.js';

/** The `index`-th mail the simulator received, parsed from what it stored on disk. */
export async function receivedMail(sim: GoogleSimulator, index = 0): Promise<ParsedMail> {
  return simpleParser(readFileSync(sim.received()[index]!.file));
}

/** The addresses of a parsed To or Cc, whether mailparser gives one group or several. */
export function addressesOf(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  return (Array.isArray(field) ? field : [field!]).flatMap((a) => a.value);
}
