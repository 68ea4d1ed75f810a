// Paths, environments and builds shared by the benchmark areas.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions } from '../../scripts/bundle-options.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = path.join(ROOT, '.bench'); // git-ignored
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export const log = (line) => process.stderr.write(`${line}\n`);

/**
 * Bundles bench entry points exactly like scripts/build.mjs bundles the console, into
 * .bench/<dir>/; returns { name: absolute path of the bundled file }.
 */
export async function bundle(dir, entryPoints, extra = {}) {
  const outdir = path.join(OUT, dir);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({ ...bundleOptions, ...extra, entryPoints, absWorkingDir: ROOT, outdir });
  return Object.fromEntries(Object.keys(entryPoints).map((k) => [k, path.join(outdir, `${k}.js`)]));
}

/** The caller's environment without its PRX_* settings (nor NO_COLOR, TMUX). */
export function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('PRX_') || k === 'NO_COLOR' || k === 'TMUX') delete env[k];
  return { ...env, NODE_ENV: 'production', ...extra };
}

/** The console's environment in a pseudo-terminal: this run's database, config and log. */
export function consoleEnv(work, dbFile, extra = {}) {
  return cleanEnv({
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    PRX_DB: dbFile,
    PRX_CONFIG_DIR: path.join(work, 'config'),
    PRX_LOG: path.join(work, 'console.log'),
    ...extra,
  });
}

/** Runs a child to its end; its last stdout line is JSON, returned parsed. */
export function runJson(cmd, args, env, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0)
        return reject(new Error(`${path.basename(args[0] ?? cmd)} ${args[1] ?? ''} exited ${code ?? signal}: ${err.trim().slice(-1500)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        reject(new Error(`${path.basename(args[0] ?? cmd)}: no JSON result: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}
