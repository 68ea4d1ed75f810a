// Configuration (issue 9): an empty secret keeps the one stored; clearing asks first; a
// refused value names the setting in words, never `field.MaxAttachmentMB`.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { readConfig, setConfig } from '../../src/services/config.js';

const tdb = consoleTestDb();
const DEL = '\u001b[3~';

async function config(as = 'admin') {
  const ui = await renderConsole(tdb().db, { as, stack: [{ screen: 'menu' }, { screen: 'config' }] });
  await ui.waitFor('Secret du client Google (OAuth)');
  return ui;
}

/** Moves the cursor to the row of `label` (the key's name shows under the list). */
async function onRow(ui: Awaited<ReturnType<typeof config>>, key: string) {
  for (let i = 0; i < 6 && !ui.frame().includes(`Clé ${key}`); i++) await ui.press(KEYS.down);
  await ui.waitFor(`Clé ${key}`);
}

describe('Configuration: secrets', () => {
  it('Enter on a secret then Enter with nothing typed keeps the secret, and says so', async () => {
    await setConfig(tdb().db, null, 'GmailClientSecret', 'le-secret-actuel');
    const ui = await config();
    await onRow(ui, 'GmailClientSecret');
    await ui.press(KEYS.enter);
    await ui.waitFor('Vide : le secret actuel est gardé.');
    await ui.press(KEYS.enter);
    await ui.waitFor('Secret du client Google (OAuth) : secret inchangé (rien de saisi).');
    expect(await readConfig(tdb().db, 'GmailClientSecret')).toBe('le-secret-actuel');
  });

  it('Del clears a secret after asking; n keeps it', async () => {
    await setConfig(tdb().db, null, 'GmailClientSecret', 'le-secret-actuel');
    const ui = await config();
    await onRow(ui, 'GmailClientSecret');
    await ui.press(DEL);
    await ui.waitFor('Effacer « Secret du client Google (OAuth) » ?');
    await ui.press('n');
    expect(await readConfig(tdb().db, 'GmailClientSecret')).toBe('le-secret-actuel');
    await ui.press(DEL);
    await ui.waitFor('Effacer « Secret du client Google (OAuth) » ?');
    await ui.press('o');
    await ui.waitFor('Effacé : Secret du client Google (OAuth).');
    expect(await readConfig(tdb().db, 'GmailClientSecret')).toBe('');
  });
});

describe('Configuration: values', () => {
  it('emptying a value that is set asks before clearing it', async () => {
    await setConfig(tdb().db, null, 'GmailClientId', 'client-123.apps.googleusercontent.com');
    const ui = await config();
    await onRow(ui, 'GmailClientId');
    await ui.press(KEYS.enter);
    await ui.press('\u0015'); // Ctrl-U: the field emptied
    await ui.press(KEYS.enter);
    await ui.waitFor('Effacer « ID du client Google (OAuth) » ?');
    await ui.press('n');
    expect(await readConfig(tdb().db, 'GmailClientId')).toBe('client-123.apps.googleusercontent.com');
  });

  it('a refused value names the setting in words', async () => {
    const ui = await config();
    await onRow(ui, 'MaxAttachmentMB');
    await ui.press(KEYS.enter);
    await ui.type('99');
    await ui.press(KEYS.enter);
    const f = await ui.waitFor('Pièce jointe max. (Mo) : ');
    expect(f).not.toContain('field.');
    expect(await readConfig(tdb().db, 'MaxAttachmentMB')).toBe('25');
  });

  it('English: the settings by their English names', async () => {
    const { db } = tdb();
    await db('rights').insert({
      user_id: (await tdb().actor('nmorin')).id,
      function_code: 'systeme.maintenance.configuration',
      level: 'lecture',
    });
    const ui = await renderConsole(db, { as: 'nmorin', stack: [{ screen: 'menu' }, { screen: 'config' }] });
    const f = await ui.waitFor('Google client secret (OAuth)');
    expect(f).toContain('Max. attachment (MB)');
    expect(f).toContain('Setting');
  });
});
