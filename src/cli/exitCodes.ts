// Exit codes of the command line, by class of failure (documented in --help and README):
// a script can tell a typo from a refused password, a missing user, a conflict, or Google.
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError, toAppError } from '../services/errors.js';

const EXIT = { ok: 0, other: 1, usage: 2, denied: 3, notFound: 4, conflict: 5, google: 6, interrupted: 130 } as const;
/** In the order the help lists them. */
export const EXIT_CODES: readonly number[] = [0, 2, 3, 4, 5, 6, 1, 130];

// Keys of errors whose class is not given by their type. A key absent here is "other" (1),
// except by prefix below.
const BY_KEY: Readonly<Record<string, number>> = {
  // usage: the command line itself, or a value the form would refuse
  'cli.unknownCommand': EXIT.usage,
  'cli.unknownSubcommand': EXIT.usage,
  'cli.missingSubcommand': EXIT.usage,
  'cli.unknownFlag': EXIT.usage,
  'cli.dashValue': EXIT.usage,
  'cli.missingArg': EXIT.usage,
  'cli.unexpectedArg': EXIT.usage,
  'cli.badChoice': EXIT.usage,
  'cli.badAssignment': EXIT.usage,
  'cli.unknownField': EXIT.usage,
  'cli.badBool': EXIT.usage,
  'cli.badInt': EXIT.usage,
  'cli.seedNeedsDemo': EXIT.usage,
  'cli.ttyRequired': EXIT.usage,
  'cli.newPasswordRequired': EXIT.usage,
  'cli.unknownFunction': EXIT.usage,
  'cli.badLevel': EXIT.usage,
  'cli.badScheduleArg': EXIT.usage,
  'cli.badScheduleRange': EXIT.usage,
  'cli.scheduleClearWithRanges': EXIT.usage,
  'validation.passwordMismatch': EXIT.usage,
  'config.secretOnCommandLine': EXIT.usage,
  'config.secretNeedsInput': EXIT.usage,
  'config.secretEmpty': EXIT.usage,
  'cli.invalidUtf8': EXIT.usage,
  'cli.noFieldToSet': EXIT.usage,
  'cli.repeatedField': EXIT.usage,
  'gmail.badPort': EXIT.usage,
  'gmail.pasteMalformed': EXIT.usage,
  'gmail.pasteOtherAttempt': EXIT.usage,
  'outbox.cli.badId': EXIT.usage,
  'mail.badAddress': EXIT.usage,
  'mail.noRecipient': EXIT.usage,
  'mail.subjectTooLong': EXIT.usage,
  // login and rights
  'cli.userRequired': EXIT.denied,
  'cli.passwordRequired': EXIT.denied,
  'errors.dbAuth': EXIT.denied,
  'outbox.notYours': EXIT.denied,
  // not found
  'report.unknown': EXIT.notFound,
  'report.unknownCompany': EXIT.notFound,
  'config.unknownKey': EXIT.notFound,
  'errors.dbMissing': EXIT.notFound,
  'errors.dbGoneNow': EXIT.notFound,
  'errors.dbCantOpen': EXIT.notFound,
  'outbox.noReport': EXIT.notFound,
  'backup.sameFile': EXIT.usage,
  // conflict: changed meanwhile, locked, already done
  'backup.exists': EXIT.conflict,
  'errors.dbBusy': EXIT.conflict,
  'errors.dbBusyNow': EXIT.conflict,
  'outbox.busy': EXIT.conflict,
  'demo.refused': EXIT.conflict,
  'report.exists': EXIT.conflict,
  'report.existsUseForce': EXIT.conflict,
  'outbox.alreadySent': EXIT.conflict,
  'outbox.uncertainNeedsForce': EXIT.conflict,
  'outbox.cli.uncertainNeedsForce': EXIT.conflict,
  'mail.claimLost': EXIT.conflict,
  'errors.duplicate': EXIT.conflict,
  'errors.duplicateCode': EXIT.conflict,
  'gmail.notLinked': EXIT.notFound,
  'mail.noLink': EXIT.notFound,
  // Google refused the authorization: only a person can fix it (consent, relink, account)
  'gmail.denied': EXIT.denied,
  'gmail.needsRelink': EXIT.denied,
  'gmail.tokenRefused': EXIT.denied,
  'gmail.scopeMissing': EXIT.denied,
  'gmail.scopeLost': EXIT.denied,
  'gmail.wrongAccount': EXIT.denied,
  'gmail.clientRejected': EXIT.denied,
  'gmail.emailUnverified': EXIT.denied,
  'mail.scopeMissing': EXIT.denied,
  // configuration, not Google
  'gmail.noClient': EXIT.other,
  'gmail.insecureEndpoint': EXIT.usage,
  'gmail.badUrl': EXIT.usage,
  'gmail.notOffered': EXIT.other,
  // Google and the network (the rest of gmail.* by prefix below)
  'errors.dbUnreachable': EXIT.google,
  'errors.dbUnreachableNow': EXIT.google,
  'errors.dbConnectionLostNow': EXIT.google,
  'mail.uncertain': EXIT.google,
};

// Whole families: the login rules, and everything Google answers or fails to answer.
const BY_PREFIX: ReadonlyArray<readonly [string, number]> = [
  ['auth.', EXIT.denied],
  ['access.', EXIT.denied],
  ['gmail.', EXIT.google],
  ['mail.gmail', EXIT.google],
];

/** The exit code for an error a command ended with. */
export function exitCodeOf(err: unknown): number {
  if (!(err instanceof AppError)) {
    // A database, disk or network refusal met while working, as errorMessage words it.
    return exitCodeOf(toAppError(err));
  }
  if (err.key === 'cli.cancelled' || err.key === 'gmail.cancelled') return EXIT.interrupted;
  if (err instanceof ValidationError) return EXIT.usage;
  if (err instanceof ForbiddenError) return EXIT.denied;
  if (err instanceof NotFoundError) return EXIT.notFound;
  if (err instanceof ConflictError) return EXIT.conflict;
  // A failed send carries the reason it failed (mail.cli.failed wraps it).
  const cause = (err as { cause?: unknown }).cause;
  if (err.key === 'mail.cli.failed' && cause instanceof AppError) return exitCodeOf(cause);
  const byKey = BY_KEY[err.key];
  if (byKey !== undefined) return byKey;
  for (const [prefix, code] of BY_PREFIX) if (err.key.startsWith(prefix)) return code;
  return EXIT.other;
}
