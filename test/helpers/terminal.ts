// Drives the BUILT console (node dist/cli.js) in a real terminal: a tmux server of
// its own per test (tmux -L <socket>), a fixed size, and a temp folder holding the
// database, the secret-key folder and the log. Waiting is always by condition
// (the screen shows X), polled through capture-pane.
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PROJECT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

export interface TerminalOptions {
  /** Arguments after `node dist/cli.js` (default: `--demo`). */
  readonly args?: readonly string[];
  readonly cols?: number;
  readonly rows?: number;
  /** Extra environment for the console (wins over the harness's own). */
  readonly env?: Readonly<Record<string, string>>;
  /** TERM inside the pane (tmux sets its own default-terminal otherwise). */
  readonly term?: string;
  /**
   * A node script the pane runs instead, given the console's path and arguments
   * (`node WRAPPER dist/cli.js ARGS`): e.g. one that records how the console ended.
   */
  readonly wrapper?: string;
  /** Set NO_COLOR=1 (default: true, so captures compare plainly). */
  readonly noColor?: boolean;
  /** Polling period of waitFor, ms. */
  readonly pollMs?: number;
  /**
   * Run in this existing folder (from `newTerminalDir()`) instead of a fresh one: same
   * database, config folder (secret key) and log as the CLI runs or an earlier terminal
   * there. The folder stays the caller's: close() does not remove it (removeTerminalDir).
   */
  readonly dir?: string;
}

export interface CaptureOptions {
  /** Keep the SGR escapes (capture-pane -e). */
  readonly escapes?: boolean;
  /** Join soft-wrapped lines (capture-pane -J). */
  readonly joined?: boolean;
}

let counter = 0;

/**
 * A private copy of the built console in `dir`: another run of the build (a second
 * `npm test` in the same checkout, whose globalSetup empties dist/ and rebuilds it)
 * must not pull the program from under a running test. The copy sits beside a symlink
 * to node_modules so its packages resolve as they do from dist/.
 */
async function copyBuiltCli(dir: string): Promise<string> {
  if (process.env.PRX_E2E_CLI) return process.env.PRX_E2E_CLI;
  const distDir = path.dirname(CLI);
  const app = path.join(dir, 'app');
  // A folder shared by several runs (TerminalOptions.dir) keeps its first, whole copy.
  const existing = path.join(app, 'dist', 'cli.js');
  if (existsSync(existing) && chunksPresent(existing)) return existing;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      // A build in progress: wait until dist/cli.js exists and has not changed for a moment.
      if (existsSync(CLI) && Date.now() - statSync(CLI).mtimeMs > 500) {
        cpSync(distDir, path.join(app, 'dist'), { recursive: true });
        copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(app, 'package.json'));
        symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
        const copy = path.join(app, 'dist', 'cli.js');
        if (chunksPresent(copy)) return copy;
      }
    } catch {
      /* dist/ changed while copying: try again */
    }
    rmSync(app, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`${CLI} is missing or keeps changing: build first (node scripts/build.mjs)`);
    await delay(250);
  }
}

/** Every chunk the bundle imports is there (the copy is a whole build, not half of one). */
function chunksPresent(cli: string): boolean {
  const dir = path.dirname(cli);
  const files = new Set(readdirSync(dir));
  const seen = new Set<string>();
  const queue = ['cli.js'];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!files.has(file)) return false;
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/from\s*"\.\/([^"]+)"|import\(\s*"\.\/([^"]+)"\s*\)/g)) queue.push((m[1] ?? m[2])!);
  }
  return true;
}

// Variables of the developer's shell that would change what the console does.
const SCRUBBED = [
  'PRX_DB',
  'PRX_CONFIG_DIR',
  'PRX_SECRET_KEY',
  'PRX_USER',
  'PRX_PASSWORD',
  'PRX_NEW_PASSWORD',
  'PRX_LOG',
  'PRX_LANG',
  'PRX_SANDBOX',
  'PRX_ADMIN_PASSWORD',
  'PRX_GOOGLE_CLIENT_ID',
  'PRX_GOOGLE_CLIENT_SECRET',
  'PRX_NO_BROWSER',
  'BROWSER',
  'NO_COLOR',
  'FORCE_COLOR',
  'TMUX',
  'TMUX_PANE',
];

/** A fresh temp folder for a terminal (TerminalOptions.dir) and the CLI runs beside it. */
export function newTerminalDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'prx-e2e-'));
}

/** Removes a folder from newTerminalDir() (kept when PRX_E2E_KEEP is set). */
export function removeTerminalDir(dir: string): void {
  if (!process.env.PRX_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
}

/** Where a terminal in `dir` keeps its database, config folder (secret key) and log. */
export function terminalPaths(dir: string): { dbPath: string; configDir: string; logPath: string } {
  return { dbPath: path.join(dir, 'prextra.sqlite'), configDir: path.join(dir, 'config'), logPath: path.join(dir, 'console.log') };
}

/** The environment the console (or a CLI run) gets in `dir`: the developer's shell scrubbed, then `extra`. */
function consoleEnv(dir: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const { dbPath, configDir, logPath } = terminalPaths(dir);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUBBED.includes(k)) env[k] = v;
  Object.assign(env, {
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PRX_DB: dbPath,
    PRX_CONFIG_DIR: configDir,
    PRX_LOG: logPath,
    // Never open a real browser from a test.
    PRX_NO_BROWSER: '1',
    ...extra,
  });
  return env;
}

/**
 * Runs a command of the built CLI (`node dist/cli.js ARGS`, the same private copy a terminal
 * in `dir` runs) on that folder's database, without a terminal: pipes for stdin/stdout/stderr.
 */
export async function spawnCli(
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ChildProcessWithoutNullStreams> {
  const cli = await copyBuiltCli(dir);
  return spawn(process.execPath, [cli, ...args], { cwd: PROJECT_ROOT, env: consoleEnv(dir, env), stdio: 'pipe' });
}

/** Runs a CLI command to its end (stdin: `input`, then closed); resolves to its exit code and output. */
export async function runCli(
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = await spawnCli(dir, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', (c) => resolve(c)));
  return { code, stdout, stderr };
}

/** The console running in a tmux pane of its own. */
export class Terminal {
  /** Temp folder holding the database, the config folder and the log. */
  readonly dir: string;
  readonly dbPath: string;
  readonly configDir: string;
  readonly logPath: string;
  /** The tmux socket name (tmux -L). */
  readonly socket: string;
  readonly target = 'prx:0.0';
  /** Process id of the console (tmux execs it as the pane's process). */
  pid = 0;
  private closed = false;
  private readonly pollMs: number;
  /** The folder was made for this terminal (not given by TerminalOptions.dir): close() removes it. */
  private readonly ownsDir: boolean;

  private constructor(opts: TerminalOptions) {
    this.ownsDir = !opts.dir;
    this.dir = opts.dir ?? newTerminalDir();
    ({ dbPath: this.dbPath, configDir: this.configDir, logPath: this.logPath } = terminalPaths(this.dir));
    this.socket = `prx-e2e-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    this.pollMs = opts.pollMs ?? 40;
  }

  /** Starts the console; resolves once tmux runs it (not once it has drawn: use waitFor). */
  static async start(opts: TerminalOptions = {}): Promise<Terminal> {
    const term = new Terminal(opts);
    try {
      await term.launch(opts);
    } catch (err) {
      await term.close().catch(() => undefined);
      throw err;
    }
    return term;
  }

  private async launch(opts: TerminalOptions): Promise<void> {
    const cli = await copyBuiltCli(this.dir);
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 30;
    const env = consoleEnv(this.dir, { ...(opts.noColor !== false ? { NO_COLOR: '1' } : {}), ...opts.env });
    // remain-on-exit keeps the pane after the console exits, so a test can read its exit
    // status and whether the alternate screen was left; no status line: the pane is the
    // whole cols×rows window.
    const conf = path.join(this.dir, 'tmux.conf');
    writeFileSync(
      conf,
      ['set -g remain-on-exit on', 'set -g status off', 'set -g default-terminal "screen-256color"', 'set -g escape-time 0', ''].join('\n'),
    );
    const args = (opts.args ?? ['--demo']).map(shellQuote).join(' ');
    const termPrefix = opts.term !== undefined ? `env TERM=${shellQuote(opts.term)} ` : '';
    const wrapper = opts.wrapper ? `${shellQuote(opts.wrapper)} ` : '';
    const command = `exec ${termPrefix}${shellQuote(process.execPath)} ${wrapper}${shellQuote(cli)} ${args}`;
    await this.tmux(
      ['-f', conf, 'new-session', '-d', '-s', 'prx', '-x', String(cols), '-y', String(rows), '-c', PROJECT_ROOT, command],
      env,
    );
    this.pid = Number((await this.tmux(['display-message', '-p', '-t', this.target, '#{pane_pid}'])).trim());
  }

  /** Runs a tmux command on this terminal's own server; resolves to its stdout. */
  async tmux(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
    const { stdout } = await run('tmux', ['-u', '-L', this.socket, ...args], { env: env ?? process.env, encoding: 'utf8' });
    return stdout;
  }

  /** Types text literally (accents included). */
  async type(text: string): Promise<void> {
    await this.tmux(['send-keys', '-t', this.target, '-l', '--', text]);
  }

  /** Presses keys by tmux name: Enter, Escape, Tab, BTab, Space, BSpace, C-s, Down, Up… */
  async press(...keys: string[]): Promise<void> {
    await this.tmux(['send-keys', '-t', this.target, ...keys]);
  }

  /**
   * The screen as text (capture-pane), one line per row, trailing spaces trimmed.
   * With `escapes`, SGR attributes stay in (bold label, inverse cursor: where focus is).
   * With `joined` (-J), a line the terminal soft-wrapped comes back whole, as a person
   * selecting it would copy it (the consent URL).
   */
  async screen(opts: CaptureOptions = {}): Promise<string> {
    const text = await this.tmux([
      'capture-pane',
      '-p',
      ...(opts.escapes ? ['-e'] : []),
      ...(opts.joined ? ['-J'] : []),
      '-t',
      this.target,
    ]);
    return text
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n');
  }

  /** Waits until the screen contains the text (or matches the pattern); resolves to that screen. */
  async waitFor(expected: string | RegExp, timeoutMs = 10_000): Promise<string> {
    return this.waitUntil((s) => (typeof expected === 'string' ? s.includes(expected) : expected.test(s)), String(expected), timeoutMs);
  }

  /** Waits until the screen no longer contains the text (or matches the pattern). */
  async waitForGone(unexpected: string | RegExp, timeoutMs = 10_000): Promise<string> {
    return this.waitUntil(
      (s) => (typeof unexpected === 'string' ? !s.includes(unexpected) : !unexpected.test(s)),
      `not ${String(unexpected)}`,
      timeoutMs,
    );
  }

  /** Waits until `condition` holds for the screen (captured with SGR escapes when `escapes`). */
  async waitUntil(condition: (screen: string) => boolean, what: string, timeoutMs = 10_000, opts: CaptureOptions = {}): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = await this.screen(opts);
      if (condition(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}.\n--- screen ---\n${last}\n--- log tail ---\n${this.logTail()}`,
        );
      }
      await delay(this.pollMs);
    }
  }

  /** A tmux format about the pane, e.g. '#{alternate_on}', '#{pane_dead_status}'. */
  async paneFormat(format: string): Promise<string> {
    return (await this.tmux(['display-message', '-p', '-t', this.target, format])).trim();
  }

  /** Whether the pane shows the alternate screen. */
  async alternateOn(): Promise<boolean> {
    return (await this.paneFormat('#{alternate_on}')) === '1';
  }

  /** Changes the terminal's size (the console gets SIGWINCH). */
  async resize(cols: number, rows: number): Promise<void> {
    await this.tmux(['resize-window', '-t', 'prx', '-x', String(cols), '-y', String(rows)]);
  }

  /** Waits for the console to exit; resolves to its exit status. */
  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // tmux marks the pane dead when the pty closes, and fills the status once it has
      // reaped the process: wait for both. A signal death reads as 128 + signal.
      const [dead, status, signal] = (await this.paneFormat('#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}')).split('|');
      if (dead === '1' && status) return Number(status);
      if (dead === '1' && signal) return 128 + Number(signal);
      // A tmux built with libutempter can miss the SIGCHLD of a pane's process (tmux/tmux#311,
      // #4559): the console has exited, but stays a zombie and the status never comes. Nudge
      // this terminal's own tmux server: its SIGCHLD handler reaps whatever child has exited.
      if (dead === '1' && isZombie(this.pid)) await this.nudgeServer();
      if (Date.now() > deadline)
        throw new Error(
          `the console did not exit within ${timeoutMs} ms (${processState(this.pid)}).\n--- screen ---\n${await this.screen()}\n--- log tail ---\n${this.logTail()}`,
        );
      await delay(this.pollMs);
    }
  }

  private async nudgeServer(): Promise<void> {
    const server = Number(await this.paneFormat('#{pid}'));
    if (server > 0) {
      try {
        process.kill(server, 'SIGCHLD');
      } catch {
        /* server gone */
      }
    }
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /**
   * Kills the tmux server (the console gets SIGHUP), checks the console process ended
   * (SIGKILL and an error if it lingers), and removes the temp folder unless
   * PRX_E2E_KEEP is set.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      /* server already gone */
    }
    // tmux leaves its socket file behind.
    rmSync(path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
    let lingering = false;
    if (this.pid > 0) {
      const deadline = Date.now() + 5_000;
      while (isAlive(this.pid)) {
        if (Date.now() > deadline) {
          lingering = true;
          try {
            process.kill(this.pid, 'SIGKILL');
          } catch {
            /* gone meanwhile */
          }
          break;
        }
        await delay(25);
      }
    }
    if (this.ownsDir) removeTerminalDir(this.dir);
    if (lingering) throw new Error(`the console (pid ${this.pid}) was still running 5 s after its terminal closed`);
  }
}

/** What the kernel says of a process (Linux): state and where it sleeps. */
function processState(pid: number): string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^State:\s*(.*)$/m)?.[1] ?? '?';
    const threads = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Threads:\s*(.*)$/m)?.[1] ?? '?';
    return `pid ${pid}: ${status}, ${threads} threads`;
  } catch {
    return `pid ${pid}: gone`;
  }
}

/** Whether the process has exited but is not reaped yet (Linux). */
function isZombie(pid: number): boolean {
  try {
    return /^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Whether tmux is installed (the e2e tests are skipped without it). */
export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
