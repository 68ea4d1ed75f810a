import { ValidationError, toAppError } from '../errors.js';
import { terminalSafe } from '../terminalText.js';
import type { CountName, Lang, Message, Messages, ParamNames, Plural } from './catalogue.js';
import core from './messages/core.js';
import gmail from './messages/gmail.js';
import reports from './messages/reports.js';
import mail from './messages/mail.js';
import lists from './messages/lists.js';
import cli from './messages/cli.js';
import keys from './messages/keys.js';
import servers from './messages/servers.js';
import doctor from './messages/doctor.js';

export type { Lang } from './catalogue.js';
import { formatCount, formatDate, formatDateTime } from './format.js';
export { datePattern, formatBytes, formatCount, formatDate, formatDateTime, parseDate, parseIsoDate } from './format.js';

export const LANGS: readonly Lang[] = ['fr', 'en'];

/** A user's Langue (or PRX_LANG) as a language: English when it says so, French otherwise. */
export function langOf(value: string | null | undefined): Lang {
  return value === 'en' ? 'en' : 'fr';
}

/**
 * The language before anyone logs in: PRX_LANG, else the locale (the first of LC_ALL,
 * LC_MESSAGES, LANG that is set, as POSIX orders them) when it is French or English
 * (`fr_CA.UTF-8`, `en_US`…); French otherwise (C, POSIX, another language, none).
 */
export function languageBeforeLogin(env: Readonly<Record<string, string | undefined>>): Lang {
  const explicit = (env.PRX_LANG ?? '').trim().toLowerCase();
  if (explicit) return explicit.startsWith('en') ? 'en' : 'fr';
  const locale =
    [env.LC_ALL, env.LC_MESSAGES, env.LANG]
      .find((v) => v && v.trim())
      ?.trim()
      .toLowerCase() ?? '';
  return locale.startsWith('en') ? 'en' : 'fr';
}

// Each feature owns its message file; keys are namespaced (users.code, gmail.linked…).
export const CATALOGS = { core, gmail, reports, mail, lists, cli, keys, servers, doctor } as const;
type French = typeof core.fr &
  typeof gmail.fr &
  typeof reports.fr &
  typeof mail.fr &
  typeof lists.fr &
  typeof cli.fr &
  typeof keys.fr &
  typeof servers.fr &
  typeof doctor.fr;

/** Every message key: a typo does not compile. */
export type MessageKey = keyof French & string;

/** A parameter that is itself a message (an entity's name…), translated in the same language. */
export interface MessageRef {
  readonly ref: MessageKey;
}
/** A date (YYYY-MM-DD) or an instant (ISO) that the reader sees in their own language. */
export type DateParam = { readonly date: string } | { readonly dateTime: string };
export type ParamValue = string | number | MessageRef | DateParam;
export type MessageParams = Readonly<Record<string, ParamValue>>;

/** The parameters of one message, named by its French text; a plural's count is a number. */
export type ParamsOf<K extends MessageKey> = {
  readonly [P in ParamNames<French[K]>]: P extends CountName<French[K]> ? number : ParamValue;
};
/** What follows the key in a call: nothing for a message without parameters. */
export type ParamsArg<K extends MessageKey> = [ParamNames<French[K]>] extends [never] ? [params?: undefined] : [params: ParamsOf<K>];

/** Keys of messages without parameters (labels, titles): what tables and menus name. */
export type PlainKey = { [K in MessageKey]: [ParamNames<French[K]>] extends [never] ? K : never }[MessageKey];

/** The translation function bound to one language (see translator, useT, the CLI context). */
export type Translate = <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => string;

const merged: Record<Lang, Readonly<Record<string, Message>>> = {
  fr: Object.assign({}, ...Object.values(CATALOGS).map((c: { fr: Messages }) => c.fr)),
  en: Object.assign({}, ...Object.values(CATALOGS).map((c: { en: Messages }) => c.en)),
};

// Built on first use (a first Intl object loads ICU's data: tens of milliseconds at start-up).
const PLURAL_RULES: Partial<Record<Lang, Intl.PluralRules>> = {};

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(merged.fr, key);
}

/**
 * The one translation: a key and its parameters in a language. Only a MessageRef parameter
 * is translated; text (a user's input) is always shown as it is.
 */
export function formatMessage(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const message = merged[lang][key] ?? merged.fr[key] ?? key;
  const template = typeof message === 'string' ? message : pluralForm(lang, message, params);
  if (!params) return template;
  const count = typeof message === 'string' ? null : message.count;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    // The number a plural counts is grouped as the language writes it (1 000 000 lignes).
    if (name === count && typeof v === 'number') return formatCount(v, lang);
    // A parameter may be what someone typed (a code, an address, Google's error): escaped.
    if (typeof v !== 'object') return terminalSafe(String(v));
    if ('ref' in v) return isMessageKey(v.ref) ? formatMessage(lang, v.ref) : v.ref;
    return 'date' in v ? formatDate(v.date, lang) : formatDateTime(v.dateTime, lang);
  });
}

function pluralForm(lang: Lang, message: Plural, params: MessageParams | undefined): string {
  const n = Number(params?.[message.count]);
  const category = (PLURAL_RULES[lang] ??= new Intl.PluralRules(lang)).select(Number.isFinite(n) ? n : 0);
  return message.forms[category] ?? message.forms.other;
}

/**
 * A key put together at run time from data (a status, a level, a weekday read from the
 * database): its message when the catalogue has one, else `fallback` (the value itself).
 */
export function translateDynamic(lang: Lang, key: string, fallback: string = key): string {
  return isMessageKey(key) ? formatMessage(lang, key) : fallback;
}

/** A typed translation in one language. */
export function translate<K extends MessageKey>(lang: Lang, key: K, ...params: ParamsArg<K>): string {
  return formatMessage(lang, key, params[0] as MessageParams | undefined);
}

export function translator(lang: Lang): Translate {
  return (key, ...params) => formatMessage(lang, key, params[0] as MessageParams | undefined);
}

/** A form field's name in words: its label (field.<name>), a schedule's row ("Plage 2"). */
function fieldLabel(name: string, lang: Lang): string {
  const label = `field.${name}`;
  if (isMessageKey(label)) return formatMessage(lang, label);
  const range = /^range(\d+)$/.exec(name);
  if (range) return translate(lang, 'field.range', { n: Number(range[1]) + 1 });
  return name;
}

/** Turns any error into one sentence for the user; unknown errors get a generic one. */
export function errorMessage(err: unknown, lang: Lang): string {
  if (err instanceof ValidationError) {
    const first = Object.entries(err.fields)[0];
    if (first)
      return translate(lang, 'errors.fieldLine', {
        field: fieldLabel(first[0], lang),
        message: formatMessage(lang, first[1].key, first[1].params),
      });
  }
  // Ours as they are; a database, disk or network refusal as its own sentence; never a
  // driver's text or SQL (toAppError writes the original to the log).
  const e = toAppError(err);
  return formatMessage(lang, e.key, e.params);
}
