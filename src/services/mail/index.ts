// Mailing reports from the user's Gmail, and the outbox (Journal des courriels). No React,
// no Ink; nodemailer and the Gmail client are loaded only when a mail is built or sent.
//
// For the screens:
// - Envoi: composeDefaults() prefills subject/message/signature/attachment name;
//   validateRecipients() checks the To/Cc fields as typed (BadAddressError.field says
//   which field, params.address which address); sendReport() with onProgress for the
//   progress line and ensureLink to run the link flow when there is no usable link (the
//   send waits for it). AppError before anything is recorded; MailSendError (outboxId,
//   status 'failed' | 'uncertain') once the mail is in the outbox.
// - Journal des courriels: listOutbox() (entry.retry says what `r` may do: 'retry',
//   'force' → ask the user to confirm the duplicate risk first, then retryMail(…, {force:
//   true}), 'no'); retryMail() goes through the same pipeline as sendReport. Both settle
//   first what dead senders left (settleOutbox), so no row stays "sending" for nothing.
// - describeProgress(p, lang): a SendProgress as one line (attempt, bytes, waiting on
//   Google, next try in N s, waiting on the database).
export {
  sendReport,
  verifyAttachment,
  MailSendError,
  GMAIL_MAX_MESSAGE_BYTES,
  type SendReportInput,
  type SendOptions,
  type SendResult,
  type SendPhase,
  type SendProgress,
} from './sendReport.js';
export {
  listOutbox,
  getOutboxEntry,
  retryMail,
  OUTBOX_STATUSES,
  type OutboxEntry,
  type OutboxStatus,
  type ListOutboxOptions,
  type RetryOptions,
} from './outbox.js';
export { composeDefaults, composeBody, MAX_SUBJECT_LENGTH, type ComposeDefaults } from './compose.js';
export { BadAddressError, parseAddressList, validateRecipients, type Recipients } from './recipients.js';
export { DEFAULT_SEND_TUNING, type SendTuning } from './gmailUpload.js';
export { settleOutbox, type SettleReport } from './settle.js';
export { describeProgress } from './progress.js';
// Lower level, for the benchmark (plan and upload a message the way sendReport does).
export { uploadMessage, type UploadOutcome, type UploadRequest } from './gmailUpload.js';
export { planMessage, type MessagePlan, type MessageParts } from './mime.js';
