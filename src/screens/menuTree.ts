import { FUNCTIONS } from '../services/rights.js';
import type { ScreenId } from '../state/store.js';

// Modules › menus › options as in Prextra. `fn` is the right needed to see the option
// (null: everyone, e.g. one's own Préférences; 'report': any report right).
export interface MenuOption {
  readonly screen: ScreenId;
  readonly label: string;
  readonly fn: string | null | 'report';
  /** The palette command that opens it. */
  readonly command: string;
}
export interface MenuGroup {
  readonly module: string;
  readonly menu: string;
  readonly options: readonly MenuOption[];
}

export const MENU: readonly MenuGroup[] = [
  {
    module: 'module.systeme',
    menu: 'menu.maintenance',
    options: [
      { screen: 'users', label: 'option.users', fn: FUNCTIONS.users, command: 'users' },
      { screen: 'companies', label: 'option.companies', fn: FUNCTIONS.companies, command: 'companies' },
      { screen: 'config', label: 'option.config', fn: FUNCTIONS.config, command: 'config' },
      { screen: 'audit', label: 'option.audit', fn: FUNCTIONS.audit, command: 'audit' },
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
export const CRUMBS: Record<ScreenId, readonly string[]> = {
  login: ['screen.login'],
  firstRun: ['firstRun.title'],
  menu: ['screen.menu'],
  users: ['module.systeme', 'menu.maintenance', 'option.users'],
  userForm: ['module.systeme', 'menu.maintenance', 'option.users'],
  companies: ['module.systeme', 'menu.maintenance', 'option.companies'],
  config: ['module.systeme', 'menu.maintenance', 'option.config'],
  audit: ['module.systeme', 'menu.maintenance', 'option.audit'],
  prefs: ['module.options', 'menu.maintenance', 'option.prefs'],
  reports: ['module.rapports', 'menu.impression', 'option.reports'],
  compose: ['module.rapports', 'menu.impression', 'option.reports', 'screen.compose'],
  outbox: ['module.rapports', 'menu.courriels', 'option.outbox'],
  password: ['module.options', 'menu.maintenance', 'option.password'],
};

export const PALETTE_COMMANDS: Record<string, ScreenId | 'quit'> = {
  users: 'users',
  utilisateurs: 'users',
  prefs: 'prefs',
  preferences: 'prefs',
  reports: 'reports',
  rapports: 'reports',
  outbox: 'outbox',
  journal: 'outbox',
  config: 'config',
  configuration: 'config',
  companies: 'companies',
  compagnies: 'companies',
  audit: 'audit',
  menu: 'menu',
  password: 'password',
  motdepasse: 'password',
  q: 'quit',
  quit: 'quit',
  quitter: 'quit',
};
