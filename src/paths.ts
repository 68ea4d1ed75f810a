// Where the console keeps its files when nothing says otherwise (XDG base directories):
// the secret key in $XDG_CONFIG_HOME, the database in $XDG_DATA_HOME, the demo database in the install folder's var/ when that
// is writable (a source checkout) or else in $XDG_DATA_HOME/prextra-console/demo/ (a
// root-owned global install), the log in $XDG_STATE_HOME.
import { accessSync, constants, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = 'prextra-console';

/** The package root (dist/cli.js → ..; src/paths.ts → ..). */
export function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(here) === 'dist' ? path.dirname(here) : path.resolve(here, '..');
}

function xdg(env: NodeJS.ProcessEnv, name: 'XDG_DATA_HOME' | 'XDG_STATE_HOME' | 'XDG_CONFIG_HOME', fallback: string[]): string {
  // The specification: a relative value is ignored.
  const set = env[name];
  return set && path.isAbsolute(set) ? set : path.join(env.HOME || os.homedir(), ...fallback);
}

/** $XDG_DATA_HOME/prextra-console (~/.local/share/prextra-console). */
export function dataHome(env: NodeJS.ProcessEnv): string {
  return path.join(xdg(env, 'XDG_DATA_HOME', ['.local', 'share']), APP_DIR);
}

/** PRX_CONFIG_DIR, else $XDG_CONFIG_HOME/prextra-console (~/.config/prextra-console): the secret key. */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.PRX_CONFIG_DIR) return path.resolve(env.PRX_CONFIG_DIR);
  return path.join(xdg(env, 'XDG_CONFIG_HOME', ['.config']), APP_DIR);
}

/** $XDG_STATE_HOME/prextra-console (~/.local/state/prextra-console). */
function stateHome(env: NodeJS.ProcessEnv): string {
  return path.join(xdg(env, 'XDG_STATE_HOME', ['.local', 'state']), APP_DIR);
}

function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The demo database: var/demo.sqlite in the install folder when it can be written there,
 * else $XDG_DATA_HOME/prextra-console/demo/demo.sqlite.
 */
export function demoDatabasePath(env: NodeJS.ProcessEnv, root = packageRoot(), writable = isWritableDir): string {
  const varDir = path.join(root, 'var');
  if (existsSync(varDir) ? writable(varDir) : writable(root)) return path.join(varDir, 'demo.sqlite');
  return path.join(dataHome(env), 'demo', 'demo.sqlite');
}

/** The log file: PRX_LOG, else $XDG_STATE_HOME/prextra-console/prextra-console.log. */
export function defaultLogFile(env: NodeJS.ProcessEnv): string {
  return env.PRX_LOG || path.join(stateHome(env), 'prextra-console.log');
}
