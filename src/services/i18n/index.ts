import type { MessageParams } from '../errors.js';
import { ValidationError, toAppError } from '../errors.js';
import { terminalSafe } from '../terminalText.js';
import core from './messages/core.js';
import gmail from './messages/gmail.js';
import reports from './messages/reports.js';
import mail from './messages/mail.js';
import lists from './messages/lists.js';
import cli from './messages/cli.js';
import keys from './messages/keys.js';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export interface Catalog {
  readonly fr: Record<string, string>;
  readonly en: Record<string, string>;
}

// Each feature owns its message file; keys are namespaced (users.code, gmail.linked…).
const catalogs: Catalog[] = [core, gmail, reports, mail, lists, cli, keys];
const merged: Record<Lang, Record<string, string>> = { fr: {}, en: {} };
for (const c of catalogs) {
  Object.assign(merged.fr, c.fr);
  Object.assign(merged.en, c.en);
}

let current: Lang = 'fr';

export function setLanguage(lang: string | null | undefined): void {
  current = lang === 'en' ? 'en' : 'fr';
}
export function getLanguage(): Lang {
  return current;
}

/** The one translation function: French first, English when the user's Langue says so. */
export function t(key: string, params?: MessageParams, lang: Lang = current): string {
  const template = merged[lang][key] ?? merged.fr[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    // Parameters that are themselves message keys (entity names) are translated.
    if (typeof v === 'string' && v.startsWith('@')) return t(v.slice(1), undefined, lang);
    // A parameter may be what someone typed (a code, an address, Google's error): escaped.
    return terminalSafe(String(v));
  });
}

export function hasKey(key: string): boolean {
  return key in merged.fr;
}

/** Turns any error into one sentence for the user; unknown errors get a generic one. */
export function errorMessage(err: unknown, lang: Lang = current): string {
  if (err instanceof ValidationError) {
    const first = Object.entries(err.fields)[0];
    if (first) return `${t(`field.${first[0]}`, undefined, lang)} : ${t(first[1].key, first[1].params, lang)}`;
  }
  // Ours as they are; a database, disk or network refusal as its own sentence; never a
  // driver's text or SQL (toAppError writes the original to the log).
  const e = toAppError(err);
  return t(e.key, e.params, lang);
}

// Dates: stored as YYYY-MM-DD; shown as 28/11/2021 in French, 2021-11-28 in English
// (Canadian English, the ISO order, unambiguous for an on-prem Quebec ERP).
export function formatDate(iso: string | null | undefined, lang: Lang = current): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return lang === 'fr' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
}

export function formatDateTime(iso: string | null | undefined, lang: Lang = current): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${formatDate(date, lang)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function datePattern(lang: Lang = current): string {
  return lang === 'fr' ? 'JJ/MM/AAAA' : 'YYYY-MM-DD';
}

/** Parses a date typed in the user's locale (ISO always accepted); null if invalid. */
export function parseDate(text: string, lang: Lang = current): string | null {
  const s = text.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if (lang === 'fr' && (m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) {
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    return null;
  }
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A count with the language's digit grouping: 1 000 000 (French), 1,000,000 (English). */
export function formatCount(n: number, lang: Lang = current): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA').format(n);
}

export function formatBytes(n: number, lang: Lang = current): string {
  const units = lang === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const num = i === 0 ? String(v) : v.toFixed(1);
  return `${lang === 'fr' ? num.replace('.', ',') : num} ${units[i]}`;
}
