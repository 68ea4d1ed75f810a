import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { approveConsent } from '../helpers/google.js';
import { setConfig } from '../../src/services/config.js';
import { loadUser, updateUser } from '../../src/services/users/index.js';

// Each console reaches Google through its own sandbox (a simulator started on first use,
// stopped after the test).
const tdb = consoleTestDb();

async function openPrefs(as: string) {
  const ui = await renderConsole(tdb().db, {
    as,
    stack: [{ screen: 'menu' }, { screen: 'prefs' }],
    sandbox: true,
    dataDir: tdb().dir,
    env: { PRX_NO_BROWSER: '1' },
  });
  await ui.waitFor('Types de courriels');
  return ui;
}

/** The consent address as the screen shows it (Ink may wrap it over several lines). */
function urlFrom(frame: string): string {
  const lines = frame.split('\n');
  const start = lines.findIndex((l) => l.includes('Ouvrez cette adresse'));
  const end = lines.findIndex((l, i) => i > start && l.includes('Si votre navigateur'));
  return lines
    .slice(start + 1, end)
    .map((l) => l.trim())
    .join('');
}

describe('Préférences', () => {
  it('does not offer Gmail until UserMaintenanceShowFields contains gmail, and says who enables it', async () => {
    const ui = await openPrefs('support');
    // Space on Types de courriels, then Tab: once the focus has left the field, Space has
    // been handled (keys are read in order), and it changed nothing.
    await ui.press(KEYS.space, KEYS.tab);
    const f = await ui.waitFor((frame) => /^ {2}Types de courriels/m.test(frame) || frame.includes('Tester la connexion'));
    expect(f).not.toContain('Tester la connexion avec Gmail ?');
    expect(f).toMatch(/Types de courriels\s+‹ Aucun ›/);
    expect(f).toContain('un administrateur doit ajouter « gmail » à UserMaintenanceShowFields');

    // The same Space offers Gmail once an administrator has added it.
    ui.unmount();
    await setConfig(tdb().db, null, 'UserMaintenanceShowFields', 'gmail');
    const again = await openPrefs('support');
    await again.press(KEYS.space);
    await again.waitFor('Tester la connexion avec Gmail ?');
  });

  it('says where to enter the Courriel when it is empty', async () => {
    await setConfig(tdb().db, null, 'UserMaintenanceShowFields', 'gmail');
    const admin = await tdb().actor('admin');
    const u = (await loadUser(tdb().db, 'sroy'))!;
    await updateUser(tdb().db, admin, 'sroy', { email: '' }, u.row_version);
    const ui = await openPrefs('sroy');
    await ui.press(KEYS.space);
    await ui.waitFor('Saisissez d’abord votre adresse Gmail');
    expect(ui.frame()).toContain('‹ Aucun ›');
  });

  it('links the account through the paste box after "test the connection?", then saves Gmail', async () => {
    await setConfig(tdb().db, null, 'UserMaintenanceShowFields', 'gmail');
    const ui = await openPrefs('support');
    await ui.press(KEYS.space);
    await ui.waitFor('Tester la connexion avec Gmail ?');
    await ui.press('o');
    const f = await ui.waitFor('Si votre navigateur', 10000);
    const url = urlFrom(f);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // In the browser, on the user's own machine: allow; the redirect cannot connect, so paste it.
    const redirected = await approveConsent(url);
    await ui.type(redirected);
    await ui.press(KEYS.enter);
    await ui.waitFor('Compte prextra.dev@gmail.com lié.', 10000);
    await ui.waitFor('gmail.send');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré.');
    const row = await tdb()
      .db('user_preferences as p')
      .join('users as u', 'u.id', 'p.user_id')
      .where('u.code', 'support')
      .first('p.mail_type');
    expect(row.mail_type).toBe('gmail');
    const acct = await tdb()
      .db('mail_accounts as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('u.code', 'support')
      .first('m.status', 'm.address');
    expect(acct).toEqual({ status: 'linked', address: 'prextra.dev@gmail.com' });
  });

  it('refuses an address pasted from another attempt, and Esc cancels leaving nothing linked', async () => {
    await setConfig(tdb().db, null, 'UserMaintenanceShowFields', 'gmail');
    const ui = await openPrefs('support');
    await ui.press(KEYS.space);
    await ui.waitFor('Tester la connexion');
    await ui.press('o');
    const f = await ui.waitFor('Si votre navigateur', 10000);
    const url = urlFrom(f);
    const redirected = await approveConsent(url);
    const forged = redirected.replace(/state=[^&]+/, 'state=autre');
    await ui.type(forged);
    await ui.press(KEYS.enter);
    await ui.waitFor(/autre tentative|another attempt/);
    await ui.press(KEYS.escape);
    await ui.waitFor('Types de courriels');
    expect(await tdb().db('mail_accounts').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('Préférences at 80×24', () => {
  it('the link’s last error is whole, wrapped: what to do is never cut off', async () => {
    const { db } = tdb();
    const support = await tdb().actor('support');
    const at = new Date().toISOString();
    await db('mail_accounts').insert({
      user_id: support.id,
      provider: 'gmail',
      address: 'prextra.dev@gmail.com',
      scopes: 'openid email https://www.googleapis.com/auth/gmail.send',
      refresh_token_enc: 'not used here',
      status: 'needs_relink',
      last_error: 'gmail.needsRelink',
      linked_at: at,
      updated_at: at,
    });
    const ui = await renderConsole(db, {
      as: 'support',
      stack: [{ screen: 'menu' }, { screen: 'prefs' }],
      sandbox: true,
      dataDir: tdb().dir,
      env: { PRX_NO_BROWSER: '1' },
      size: { columns: 80, rows: 24 },
    });
    const raw = await ui.waitFor('Google refuse l’accès');
    // Still on one screen, the buttons below it.
    expect(raw).toContain('[ Reconnecter ]');
    expect(raw.split('\n').length).toBeLessThanOrEqual(24);
    const f = raw.replace(/\s+/g, ' ');
    expect(f).toContain(
      'reconnectez-le dans Préférences (Reconnecter) ou avec « gmail connect » ; voir « Use a real Google account » dans le README.',
    );
  });
});
