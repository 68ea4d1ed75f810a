// Opening the consent page. BROWSER, when set, is always used; otherwise the system
// browser (the `open` package) only when the console runs locally. Nothing here may
// crash the console: a missing xdg-open or a broken BROWSER only means "paste instead".
import { spawn } from 'node:child_process';
import { log } from '../log.js';

export type NoBrowserReason = 'disabled' | 'ssh' | 'ci' | 'noDisplay';

export type BrowserPlan =
  | { readonly kind: 'command'; readonly command: string; readonly args: readonly string[] }
  | { readonly kind: 'open' }
  | { readonly kind: 'none'; readonly reason: NoBrowserReason };

const truthy = (v: string | undefined) => !!v && !/^(0|false|no|off)$/i.test(v.trim());

/**
 * How to open a URL here. `noBrowser` (--no-browser) and PRX_NO_BROWSER mean never.
 * BROWSER wins over the SSH / CI / display checks (the person chose it); without it the
 * `open` package is used only locally: not under SSH_CONNECTION / SSH_TTY, not in CI,
 * and on Linux only with DISPLAY or WAYLAND_DISPLAY.
 */
export function planBrowser(env: NodeJS.ProcessEnv, opts: { noBrowser?: boolean; platform?: NodeJS.Platform } = {}): BrowserPlan {
  if (opts.noBrowser || truthy(env.PRX_NO_BROWSER)) return { kind: 'none', reason: 'disabled' };
  const browser = env.BROWSER?.trim();
  if (browser) {
    // BROWSER may hold several commands separated by ':' (the first is used) and arguments.
    const first = browser.split(':')[0]!.trim() || browser;
    const words = first.split(/\s+/).filter(Boolean);
    return { kind: 'command', command: words[0]!, args: words.slice(1) };
  }
  if (env.SSH_CONNECTION || env.SSH_TTY) return { kind: 'none', reason: 'ssh' };
  if (truthy(env.CI)) return { kind: 'none', reason: 'ci' };
  const platform = opts.platform ?? process.platform;
  if (platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { kind: 'none', reason: 'noDisplay' };
  return { kind: 'open' };
}

/** Opens the URL per the plan; true when a browser process was started. Never throws. */
export async function launchBrowser(url: string, plan: BrowserPlan): Promise<boolean> {
  try {
    if (plan.kind === 'none') return false;
    if (plan.kind === 'command') {
      // "%s" in BROWSER marks where the URL goes (the old convention); else it is last.
      const args = plan.args.some((a) => a.includes('%s')) ? plan.args.map((a) => a.replace('%s', url)) : [...plan.args, url];
      const child = spawn(plan.command, args, { detached: true, stdio: 'ignore' });
      const started = await new Promise<boolean>((resolve) => {
        child.once('spawn', () => resolve(true));
        child.once('error', (e) => {
          log('warn', `BROWSER could not be started: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
          resolve(false);
        });
      });
      child.on('error', () => undefined);
      child.unref();
      return started;
    }
    const { default: open } = await import('open');
    const child = await open(url, { wait: false });
    child.on('error', (e) => log('warn', `system browser could not be started: ${(e as NodeJS.ErrnoException).code ?? 'error'}`));
    return true;
  } catch (e) {
    // Not the error itself: its message may quote the consent URL.
    log('warn', `browser launch failed: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    return false;
  }
}
