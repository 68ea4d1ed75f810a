import type { Lang } from './catalogue.js';

// Dates, times and sizes in the language they are given (never a global one): stored as
// YYYY-MM-DD / ISO instants; shown as 28/11/2021 in French and 2021-11-28 in English
// (Canadian English, the ISO order, unambiguous for an on-prem Quebec ERP).

// fr-FR: the day-first order the original Prextra shows (fr-CA would give ISO order).
const LOCALE: Readonly<Record<Lang, string>> = { fr: 'fr-FR', en: 'en-CA' };

/**
 * Formatters are built on first use, per language: creating the first one loads ICU's
 * data (10–60 ms here), which a command that never formats (a send, a list as JSON) must
 * not pay at start-up.
 */
function perLang<T>(make: (lang: Lang) => T): (lang: Lang) => T {
  const made: Partial<Record<Lang, T>> = {};
  return (lang) => (made[lang] ??= make(lang));
}

const DAY = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
const DATE = perLang((l) => new Intl.DateTimeFormat(LOCALE[l], { ...DAY, timeZone: 'UTC' }));
// Instants are shown in the server's local time, 24-hour clock.
const LOCAL_DAY = perLang((l) => new Intl.DateTimeFormat(LOCALE[l], DAY));
const CLOCK = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const TIME = perLang((l) => new Intl.DateTimeFormat(LOCALE[l], CLOCK));

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return DATE(lang).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${LOCAL_DAY(lang).format(d)} ${TIME(lang).format(d)}`;
}

/** How a date is typed in that language (shown beside a date field). */
export function datePattern(lang: Lang): string {
  return lang === 'fr' ? 'JJ/MM/AAAA' : 'YYYY-MM-DD';
}

/** Parses a date typed in that language (ISO always accepted); null if invalid. */
export function parseDate(text: string, lang: Lang): string | null {
  const s = text.trim();
  const m = lang === 'fr' ? /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s) : null;
  return m ? calendarDate(Number(m[3]), Number(m[2]), Number(m[1])) : parseIsoDate(s);
}

/** A calendar date as services take it (YYYY-MM-DD, whatever the language); null if invalid. */
export function parseIsoDate(text: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  return m ? calendarDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function calendarDate(y: number, mo: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A count with the language's digit grouping: 1 000 000 (French), 1,000,000 (English). */
export function formatCount(n: number, lang: Lang): string {
  return COUNT(lang).format(n);
}
const COUNT = perLang((l) => new Intl.NumberFormat(l === 'fr' ? 'fr-CA' : 'en-CA'));

// Binary multiples with the symbols each language uses for them (Ko/Mo in French).
const SIZE_UNITS: Readonly<Record<Lang, readonly string[]>> = { fr: ['o', 'Ko', 'Mo', 'Go'], en: ['B', 'KB', 'MB', 'GB'] };
const WHOLE = perLang((l) => new Intl.NumberFormat(LOCALE[l], { maximumFractionDigits: 0 }));
const ONE_DECIMAL = { minimumFractionDigits: 1, maximumFractionDigits: 1 } as const;
const TENTHS = perLang((l) => new Intl.NumberFormat(LOCALE[l], ONE_DECIMAL));

/** A size in bytes: "1,5 Mo" in French, "1.5 MB" in English. */
export function formatBytes(n: number, lang: Lang): string {
  const units = SIZE_UNITS[lang];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${(i === 0 ? WHOLE : TENTHS)(lang).format(v)} ${units[i]}`;
}
