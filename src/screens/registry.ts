import type React from 'react';
import type { ScreenId } from '../state/store.js';
import { CompaniesScreen, CompanyFormScreen } from './CompaniesScreen.js';
import { ConfigScreen } from './ConfigScreen.js';
import { LoginScreen } from './LoginScreen.js';
import { MenuScreen } from './MenuScreen.js';
import { UserFormScreen } from './UserFormScreen.js';
import { UsersScreen } from './UsersScreen.js';
import { FirstRunScreen } from './FirstRunScreen.js';
import { AuditScreen } from './AuditScreen.js';
import { ReportsScreen } from './ReportsScreen.js';
import { PrefsScreen } from './PrefsScreen.js';
import { PasswordScreen } from './PasswordScreen.js';
import { ComposeScreen } from './ComposeScreen.js';
import { OutboxScreen } from './OutboxScreen.js';
import { RightsScreen } from './RightsScreen.js';
import { ScheduleScreen } from './ScheduleScreen.js';
import { AuditEntryScreen, MailEntryScreen } from './EntryScreens.js';
import { DiagnosticScreen } from './DiagnosticScreen.js';
import type { ScreenProps } from './types.js';

export const SCREENS: Record<ScreenId, React.ComponentType<ScreenProps>> = {
  login: LoginScreen,
  firstRun: FirstRunScreen,
  menu: MenuScreen,
  users: UsersScreen,
  userForm: UserFormScreen,
  companies: CompaniesScreen,
  companyForm: CompanyFormScreen,
  config: ConfigScreen,
  audit: AuditScreen,
  reports: ReportsScreen,
  prefs: PrefsScreen,
  password: PasswordScreen,
  compose: ComposeScreen,
  outbox: OutboxScreen,
  schedule: ScheduleScreen,
  rights: RightsScreen,
  auditEntry: AuditEntryScreen,
  mailEntry: MailEntryScreen,
  diagnostic: DiagnosticScreen,
};
