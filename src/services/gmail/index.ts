// The Gmail link services (no React, no Ink). Heavy libraries (google-auth-library,
// open, the simulator) are only loaded inside the functions that need them.
export {
  googleEnvironment,
  requireClient,
  createOAuthClient,
  mapGoogleError,
  oauthErrorCode,
  GMAIL_SEND_SCOPE,
  LINK_SCOPES,
  DEFAULT_GOOGLE_ENDPOINTS,
  type Google,
  type SimulatedGoogle,
  type GoogleEnvironment,
  type GoogleClientCredentials,
  type OAuth2Client,
  type Credentials,
} from './googleClient.js';
export { startLink, parsePasted, CALLBACK_PATH, DEFAULT_LINK_TIMEOUT_MS, type LinkAttempt, type StartLinkOptions } from './oauthFlow.js';
export { completeLink, type LinkCheck } from './completeLink.js';
export {
  linkInfo,
  testLink,
  revokeLink,
  revokeLinkOfUser,
  getAuthorizedClient,
  gmailSender,
  noteAuthFailure,
  type AuthorizedGmail,
  type GmailSender,
} from './link.js';
export {
  getPreferences,
  requireGmailMailType,
  setMailType,
  isGmailOffered,
  MAIL_TYPES,
  type MailType,
  type Preferences,
} from './preferences.js';
export { planBrowser, launchBrowser, type BrowserPlan, type NoBrowserReason } from './browser.js';
export type { LinkInfo, LinkStatus } from './tokenStore.js';
