// A database address fit to show or log: a PostgreSQL URL never shows its password,
// wherever it hides (user:password@, ?password=, a password holding "@", :password@ with
// no user). Parsed with pg-connection-string, as the driver reads it; every query
// parameter is dropped (sslpassword, sslkey… may be secrets too).
import { parse } from 'pg-connection-string';

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The address with its secrets masked: postgres://user:***@host:port/database; a file path as is. */
export function redactDbTarget(target: string): string {
  if (!isPostgresUrl(target)) return target;
  try {
    // sslmode values make the parser print a deprecation warning: not needed to show the address.
    const c = parse(target.replace(/([?&])sslmode=[^&]*/gi, '$1'));
    const user = c.user ? encodeURIComponent(c.user) : '';
    const secret = c.password ? ':***' : '';
    const credentials = user || secret ? `${user}${secret}@` : '';
    const host = c.host && !c.host.startsWith('/') ? c.host : '';
    const port = c.port ? `:${c.port}` : '';
    const socket = c.host?.startsWith('/') ? `?host=${c.host}` : '';
    return `postgres://${credentials}${host}${port}/${c.database ?? ''}${socket}`;
  } catch {
    return 'postgres://***';
  }
}

/** Every PostgreSQL address inside a text (a log line, an argument list), redacted. */
export function redactDbAddresses(text: string): string {
  return text.replace(/postgres(?:ql)?:\/\/\S+/gi, (m) => redactDbTarget(m));
}
