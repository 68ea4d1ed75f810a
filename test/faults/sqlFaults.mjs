// Preload (node --import) for fault-injection tests: counts the SQL statements this
// process sends to SQLite (node-sqlite3) or PostgreSQL (node-postgres), logs them, and at a
// chosen statement kills the process (SIGKILL, before the statement runs) or fails that
// statement with a driver-shaped error (SQLITE_FULL, SQLITE_BUSY, a lost connection…).
//
// PRX_TEST_SQL_FAULT is JSON: {"log": FILE?, "at": N?, "action": "kill" | "fail",
// "code": "SQLITE_FULL"?, "match": REGEX?}. With `match`, only statements matching it
// are counted. Without `at`, statements are only logged ("n<TAB>sql" per line).
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The drivers are CommonJS: patched in the module cache that knex's require() reads.
const require = createRequire(import.meta.url);

const spec = JSON.parse(process.env.PRX_TEST_SQL_FAULT || '{}');
const match = spec.match ? new RegExp(spec.match, 'i') : null;
let n = 0;

/** Called before each statement: true when it must fail (the kill never returns). */
function onStatement(sql) {
  const text = String(sql && typeof sql === 'object' ? sql.text : sql);
  if (match && !match.test(text)) return false;
  n += 1;
  if (spec.log) appendFileSync(spec.log, `${n}\t${text.replace(/\s+/g, ' ').slice(0, 300)}\n`);
  if (n !== spec.at) return false;
  if (spec.action === 'kill') process.kill(process.pid, 'SIGKILL');
  return spec.action === 'fail';
}

const SQLITE_TEXT = {
  SQLITE_FULL: 'database or disk is full',
  SQLITE_BUSY: 'database is locked',
  SQLITE_READONLY: 'attempt to write a readonly database',
  SQLITE_IOERR: 'disk I/O error',
  SQLITE_CORRUPT: 'database disk image is malformed',
};
const SQLITE_ERRNO = { SQLITE_BUSY: 5, SQLITE_READONLY: 8, SQLITE_IOERR: 10, SQLITE_CORRUPT: 11, SQLITE_FULL: 13 };

try {
  const sqlite3 = require('sqlite3');
  for (const method of ['run', 'all', 'get', 'exec']) {
    const original = sqlite3.Database.prototype[method];
    sqlite3.Database.prototype[method] = function (sql, ...rest) {
      if (onStatement(sql)) {
        // As node-sqlite3 reports it: "SQLITE_FULL: database or disk is full", errno and code set.
        const code = spec.code || 'SQLITE_FULL';
        const err = Object.assign(new Error(`${code}: ${SQLITE_TEXT[code] || 'error'}`), { errno: SQLITE_ERRNO[code] || 1, code });
        const cb = [...rest].reverse().find((a) => typeof a === 'function');
        if (cb) setImmediate(() => cb.call(this, err));
        return this;
      }
      return original.call(this, sql, ...rest);
    };
  }
} catch {
  /* no sqlite3 here */
}

try {
  const pg = require('pg');
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    if (onStatement(config)) {
      // As node-postgres reports a backend killed under it (SQLSTATE 57P01) or the given code.
      const code = spec.code || '57P01';
      const err = Object.assign(new Error('terminating connection due to administrator command'), { code, severity: 'FATAL' });
      const cb = [callback, values, config && config.callback].find((a) => typeof a === 'function');
      if (cb) {
        setImmediate(() => cb(err));
        return undefined;
      }
      return Promise.reject(err);
    }
    return original.call(this, config, values, callback);
  };
} catch {
  /* no pg here */
}
