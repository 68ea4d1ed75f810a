// The fields of the Utilisateurs form, in the original's order. One table drives the
// form, the list columns, `users show/set/add` and validation.
import type { PlainKey } from './i18n/index.js';

export type FieldKind = 'text' | 'bool' | 'date' | 'int' | 'select' | 'multiline';

export interface UserFieldDef {
  /** Name in the database row and in `users show --json`. */
  readonly name: string;
  readonly kind: FieldKind;
  /** i18n key of the label: field.<name>. */
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  /** For selects: the allowed values; labels are i18n keys option.<name>.<value>. */
  readonly options?: readonly string[];
  /** The choices come from the database (Compagnie par défaut). */
  readonly dynamicOptions?: 'companies';
  /** i18n key of a unit shown after the input (Minutes). */
  readonly unit?: PlainKey;
  /** Only when creating (the code cannot be renamed: it identifies the user everywhere). */
  readonly createOnly?: boolean;
}

export const CRM_SCALES = ['', '15', '30', '60'] as const;
export const OFFICE_VERSIONS = ['', '2013', '2016', '2019', '2021', '365'] as const;
export const LANGUAGES = ['fr', 'en'] as const;

export const USER_FIELDS: readonly UserFieldDef[] = [
  { name: 'code', kind: 'text', maxLength: 10, createOnly: true },
  { name: 'name', kind: 'text', maxLength: 100 },
  { name: 'email', kind: 'text', maxLength: 254 },
  { name: 'active', kind: 'bool' },
  { name: 'never_expires', kind: 'bool' },
  { name: 'auto_trace', kind: 'bool' },
  { name: 'name_on_report', kind: 'bool' },
  { name: 'task_assignment', kind: 'bool' },
  { name: 'show_all_planned_wo', kind: 'bool' },
  { name: 'show_prextra_news', kind: 'bool' },
  { name: 'approve_eft', kind: 'bool' },
  { name: 'login_alert', kind: 'bool' },
  { name: 'hide_in_reminders', kind: 'bool' },
  { name: 'developer', kind: 'bool' },
  { name: 'expiry_date', kind: 'date' },
  { name: 'session_timeout_min', kind: 'int', min: 1, max: 1440, unit: 'unit.minutes' },
  { name: 'page_lines', kind: 'int', min: 5, max: 500 },
  { name: 'crm_calendar_scale', kind: 'select', options: CRM_SCALES },
  { name: 'contact', kind: 'text', maxLength: 100 },
  { name: 'office_version', kind: 'select', options: OFFICE_VERSIONS },
  { name: 'default_company', kind: 'select', dynamicOptions: 'companies' },
  { name: 'language', kind: 'select', options: LANGUAGES },
  { name: 'customer_no', kind: 'text', maxLength: 30 },
  { name: 'signature', kind: 'multiline', maxLength: 2000 },
];

export const BOOL_FIELDS = USER_FIELDS.filter((f) => f.kind === 'bool').map((f) => f.name);
