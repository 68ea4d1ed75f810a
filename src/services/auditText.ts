// An audit entry as a person reads it, in their language: the action, what it touched, the
// field's label and its values in words — never `update`, `systeme.maintenance…`,
// `expiry_date`, `true → false` or `aucun → lecture`. Shared by Audit and `audit list`.
import { MASK } from './audit.js';
import type { AuditRow } from './auditQuery.js';
import { formatDate, formatDateTime, formatMessage, isMessageKey, translate, translateDynamic, type Lang } from './i18n/index.js';
import { functionLabel } from './reports/definitions.js';
import { USER_FIELDS } from './userFields.js';

export interface AuditText {
  readonly at: string;
  readonly who: string;
  readonly action: string;
  /** What the entry is about: "Utilisateur jtremblay", "Configuration"… */
  readonly object: string;
  readonly field: string;
  readonly old: string;
  readonly new: string;
}

/** A message for a value read from the database, or the value itself when there is none. */
const known = (key: string, fallback: string, lang: Lang): string => translateDynamic(lang, key, fallback);

function fieldText(entity: string, field: string, lang: Lang): string {
  if (!field) return '';
  switch (entity) {
    case 'rights':
      return functionLabel(field, lang);
    case 'company':
      return known(field === 'name' || field === 'code' ? `field.company_${field}` : `field.${field}`, field, lang);
    default:
      return known(`audit.field.${field}`, known(`field.${field}`, field, lang), lang);
  }
}

/** "1 08:00-17:00; 2 08:00-12:00" (how setSchedule records it) → "lundi 08:00–17:00; mardi …". */
function scheduleText(value: string, lang: Lang): string {
  return value
    .split(/;\s*/)
    .filter(Boolean)
    .map((range) => {
      const m = /^(\d)\s+(\d\d:\d\d)-(\d\d:\d\d)$/.exec(range.trim());
      return m ? `${known(`weekday.${m[1]}`, m[1]!, lang)} ${m[2]}–${m[3]}` : range;
    })
    .join('; ');
}

function valueText(entity: string, field: string, value: string | null, lang: Lang): string {
  if (value === null || value === '') return translate(lang, 'audit.empty');
  if (value === MASK) return value;
  if (entity === 'rights') return known(`level.${value}`, value, lang);
  if (entity === 'preferences' && field === 'mail_type') return known(`prefs.mailType.${value}`, value, lang);
  if (entity === 'mail' && field === 'status') return known(`report.mailStatus.${value}`, value, lang);
  if (entity === 'user' && field === 'schedule') return scheduleText(value, lang);
  const def = entity === 'user' ? USER_FIELDS.find((f) => f.name === field) : undefined;
  if (def?.kind === 'bool') return translate(lang, value === 'true' || value === '1' ? 'bool.yes' : 'bool.no');
  if (def?.kind === 'date') return formatDate(value, lang);
  if (def?.options) return known(`option.${field}.${value}`, value, lang);
  return value;
}

/** The entry in the reader's language. */
export function auditText(row: AuditRow, lang: Lang): AuditText {
  const objectKey = `audit.entity.${row.entity}`;
  return {
    at: formatDateTime(row.at, lang),
    who: row.actor ?? translate(lang, 'audit.system'),
    action: known(`audit.action.${row.action}`, row.action, lang),
    object: isMessageKey(objectKey) ? formatMessage(lang, objectKey, { key: row.entityKey }) : `${row.entity} ${row.entityKey}`.trim(),
    field: fieldText(row.entity, row.field, lang),
    old: row.field ? valueText(row.entity, row.field, row.old, lang) : '',
    new: row.field ? valueText(row.entity, row.field, row.new, lang) : '',
  };
}
