import { FUNCTIONS, allows, type RightLevel } from '../services/rights.js';
import type { ScreenId } from '../state/store.js';
import type { PlainKey } from '../services/i18n/index.js';

// Modules › menus › options as in Prextra. `fn` is the right needed to see the option
// (null: everyone, e.g. one's own Préférences; 'report': any report right).
export interface MenuOption {
  readonly screen: ScreenId;
  readonly label: PlainKey;
  readonly fn: string | null | 'report';
  /** The palette command that opens it. */
  readonly command: string;
}
export interface MenuGroup {
  readonly module: PlainKey;
  readonly menu: PlainKey;
  readonly options: readonly MenuOption[];
}

/** Other names a palette command answers to (French ones). */
const ALIASES: Record<string, readonly string[]> = {
  users: ['utilisateurs'],
  prefs: ['preferences'],
  reports: ['rapports'],
  outbox: ['journal'],
  config: ['configuration'],
  companies: ['compagnies'],
  diagnostic: ['doctor'],
  password: ['motdepasse'],
};

export const MENU: readonly MenuGroup[] = [
  {
    module: 'module.systeme',
    menu: 'menu.maintenance',
    options: [
      { screen: 'users', label: 'option.users', fn: FUNCTIONS.users, command: 'users' },
      { screen: 'companies', label: 'option.companies', fn: FUNCTIONS.companies, command: 'companies' },
      { screen: 'config', label: 'option.config', fn: FUNCTIONS.config, command: 'config' },
      { screen: 'audit', label: 'option.audit', fn: FUNCTIONS.audit, command: 'audit' },
      // What sending mail depends on (the database's key, Google): for whoever configures them.
      { screen: 'diagnostic', label: 'option.diagnostic', fn: FUNCTIONS.config, command: 'diagnostic' },
    ],
  },
  {
    module: 'module.options',
    menu: 'menu.maintenance',
    options: [
      { screen: 'prefs', label: 'option.prefs', fn: null, command: 'prefs' },
      { screen: 'password', label: 'option.password', fn: null, command: 'password' },
    ],
  },
  {
    module: 'module.rapports',
    menu: 'menu.impression',
    options: [{ screen: 'reports', label: 'option.reports', fn: 'report', command: 'reports' }],
  },
  {
    module: 'module.rapports',
    menu: 'menu.courriels',
    options: [{ screen: 'outbox', label: 'option.outbox', fn: null, command: 'outbox' }],
  },
];

/** Breadcrumb keys of each screen (the header shows them joined by ›). */
export const CRUMBS: Record<ScreenId, readonly PlainKey[]> = {
  login: ['screen.login'],
  firstRun: ['firstRun.title'],
  menu: ['screen.menu'],
  users: ['module.systeme', 'menu.maintenance', 'option.users'],
  userForm: ['module.systeme', 'menu.maintenance', 'option.users'],
  companies: ['module.systeme', 'menu.maintenance', 'option.companies'],
  companyForm: ['module.systeme', 'menu.maintenance', 'option.companies'],
  config: ['module.systeme', 'menu.maintenance', 'option.config'],
  audit: ['module.systeme', 'menu.maintenance', 'option.audit'],
  prefs: ['module.options', 'menu.maintenance', 'option.prefs'],
  reports: ['module.rapports', 'menu.impression', 'option.reports'],
  compose: ['module.rapports', 'menu.impression', 'option.reports', 'screen.compose'],
  outbox: ['module.rapports', 'menu.courriels', 'option.outbox'],
  password: ['module.options', 'menu.maintenance', 'option.password'],
  schedule: ['module.systeme', 'menu.maintenance', 'option.users'],
  rights: ['module.systeme', 'menu.maintenance', 'option.users'],
  auditEntry: ['module.systeme', 'menu.maintenance', 'option.audit'],
  mailEntry: ['module.rapports', 'menu.courriels', 'option.outbox'],
  diagnostic: ['module.systeme', 'menu.maintenance', 'option.diagnostic'],
};

/** The breadcrumb title of a route pushed above another (Horaire, Droits, Envoi…). */
export const ROUTE_LABELS: Partial<Record<ScreenId, PlainKey>> = {
  companyForm: 'screen.companyForm',
  schedule: 'screen.schedule',
  rights: 'screen.rights',
  compose: 'screen.compose',
  prefs: 'option.prefs',
};

export interface PaletteCommand {
  /** What is typed after ':' (the first alias is the one shown). */
  readonly names: readonly string[];
  readonly target: ScreenId | 'quit' | 'logout';
  /** i18n key of what it opens or does. */
  readonly label: PlainKey;
  /** The right needed (as MenuOption.fn). */
  readonly fn: string | null | 'report';
}

/** Every palette command, in the order the list shows them. */
export const PALETTE: readonly PaletteCommand[] = [
  { names: ['menu'], target: 'menu', label: 'screen.menu', fn: null },
  ...MENU.flatMap((g) =>
    g.options.map((o) => ({ names: [o.command, ...(ALIASES[o.command] ?? [])], target: o.screen, label: o.label, fn: o.fn })),
  ),
  { names: ['logout', 'deconnexion'], target: 'logout', label: 'palette.logout', fn: null },
  { names: ['q', 'quit', 'quitter'], target: 'quit', label: 'key.quit', fn: null },
];

/** Whether rights allow an option (MenuOption.fn / PaletteCommand.fn). */
export function allowedBy(rights: Readonly<Record<string, RightLevel>>, fn: string | null | 'report'): boolean {
  if (fn === null) return true;
  if (fn === 'report') return Object.entries(rights).some(([f, l]) => f.startsWith('rapports.') && allows(l, 'lecture'));
  return allows(rights[fn] ?? 'aucun', 'lecture');
}
