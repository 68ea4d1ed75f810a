import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, planBrowser } from '../../src/services/gmail/browser.js';
import { waitFor } from '../helpers/google.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prx-browser-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('opening the consent page', () => {
  it('uses BROWSER when set (even over SSH), never with --no-browser / PRX_NO_BROWSER', () => {
    expect(planBrowser({ BROWSER: 'firefox --new-window', SSH_CONNECTION: '1 2 3 4' }, { platform: 'linux' })).toEqual({
      kind: 'command',
      command: 'firefox',
      args: ['--new-window'],
    });
    expect(planBrowser({ BROWSER: 'w3m:lynx' }, { platform: 'linux' })).toMatchObject({ command: 'w3m', args: [] });
    expect(planBrowser({ BROWSER: 'firefox', PRX_NO_BROWSER: '1' })).toEqual({ kind: 'none', reason: 'disabled' });
    expect(planBrowser({ BROWSER: 'firefox' }, { noBrowser: true })).toEqual({ kind: 'none', reason: 'disabled' });
  });

  it('uses the system browser only locally: not under SSH, in CI, or on Linux without a display', () => {
    const linux = { platform: 'linux' as const };
    expect(planBrowser({ SSH_CONNECTION: '10.0.0.2 5000 10.0.0.1 22', DISPLAY: ':0' }, linux)).toEqual({ kind: 'none', reason: 'ssh' });
    expect(planBrowser({ SSH_TTY: '/dev/pts/1', DISPLAY: ':0' }, linux)).toEqual({ kind: 'none', reason: 'ssh' });
    expect(planBrowser({ CI: 'true', DISPLAY: ':0' }, linux)).toEqual({ kind: 'none', reason: 'ci' });
    expect(planBrowser({}, linux)).toEqual({ kind: 'none', reason: 'noDisplay' });
    expect(planBrowser({ DISPLAY: ':0' }, linux)).toEqual({ kind: 'open' });
    expect(planBrowser({ WAYLAND_DISPLAY: 'wayland-0', CI: 'false' }, linux)).toEqual({ kind: 'open' });
    expect(planBrowser({}, { platform: 'darwin' })).toEqual({ kind: 'open' });
    expect(planBrowser({ PRX_NO_BROWSER: '0', DISPLAY: ':0' }, linux)).toEqual({ kind: 'open' });
  });

  it('runs the BROWSER command with the URL as last argument, detached', async () => {
    const out = path.join(dir, 'url.txt');
    const script = path.join(dir, 'navigateur.sh');
    writeFileSync(script, `#!/bin/sh\nfor a in "$@"; do last="$a"; done\nprintf '%s\\n' "$#" "$last" > '${out}'\n`);
    chmodSync(script, 0o755);
    const url = 'http://127.0.0.1:9/o/oauth2/v2/auth?state=a&scope=openid%20email';
    expect(await launchBrowser(url, planBrowser({ BROWSER: `${script} --nouvelle-fenetre` }))).toBe(true);
    await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').split('\n').length >= 3);
    expect(readFileSync(out, 'utf8')).toBe(`2\n${url}\n`);
  });

  it('never crashes when the browser command does not exist', async () => {
    expect(await launchBrowser('http://127.0.0.1:9/', planBrowser({ BROWSER: path.join(dir, 'absent-xdg-open') }))).toBe(false);
    expect(await launchBrowser('http://127.0.0.1:9/', { kind: 'none', reason: 'ssh' })).toBe(false);
  });
});
