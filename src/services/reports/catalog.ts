import type { PlainKey } from '../i18n/index.js';

// The reports users can print. Light on purpose: the screens and the rights matrix
// read it at start-up; the PDF renderers live beside it and are imported on demand.
export interface ReportInfo {
  readonly code: string;
  /** i18n key of the title: report.<code>. */
  readonly titleKey: PlainKey;
}

export const REPORTS: readonly ReportInfo[] = [
  { code: 'USR01', titleKey: 'report.USR01' },
  { code: 'USR02', titleKey: 'report.USR02' },
  { code: 'USR03', titleKey: 'report.USR03' },
  { code: 'CIE01', titleKey: 'report.CIE01' },
  { code: 'MAIL01', titleKey: 'report.MAIL01' },
];

export function findReport(code: string): ReportInfo | undefined {
  const c = code.trim().toUpperCase();
  return REPORTS.find((r) => r.code === c);
}
