import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { runCli } from '../helpers/cli.js';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { simEnv, sandboxGoogle } from '../helpers/google.js';

const t = googleTestDb({ gmail: true });

const link = (sandbox = false) => t.link(t.me, sandbox ? sandboxGoogle(t.dir) : t.google);

/** Runs `prextra-console ARGS` as jtremblay against the simulator (as if it were Google). */
const cli = (args: string[], env: NodeJS.ProcessEnv = simEnv(t.sim)) => runCli(t, 'jtremblay', args, env);

describe('prextra-console report send / outbox', () => {
  it('report send prints the Gmail message id; outbox list --json and the table show the mail', async () => {
    await link();
    const r = await cli([
      'report',
      'send',
      'usr01',
      '--to',
      'a@example.com,b@example.org',
      '--cc',
      'c@example.com',
      '--subject',
      'Utilisateurs — été',
      '--message',
      'Bonjour à tous',
    ]);
    // The upload's progress on stderr: the try, the bytes that left, Google's answer awaited.
    expect(r.err.split('\n')).toEqual([
      expect.stringMatching(/^Envoi à Gmail, essai 1 : 0 o sur (\d+,\d Ko) \(0 %\)$/),
      expect.stringMatching(/^Envoi à Gmail, essai 1 : (\d+,\d Ko) sur \1 \(100 %\)$/),
      expect.stringMatching(/^Message transmis \(\d+,\d Ko\) : en attente de la réponse de Gmail…$/),
      '',
    ]);
    expect(r.code).toBe(0);
    const msg = t.sim.received()[0]!;
    expect(t.sim.received()).toHaveLength(1);
    expect(r.out).toMatch(
      new RegExp(
        `^Courriel envoyé à a@example\\.com, b@example\\.org avec USR01-Liste des utilisateurs-\\d{4}-\\d{2}-\\d{2}\\.pdf \\(\\d+,\\d Ko\\)\\. Message Gmail : ${msg.id}\\n$`,
      ),
    );
    const mail = await simpleParser(readFileSync(msg.file));
    expect(mail.subject).toBe('Utilisateurs — été');
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);

    const list = await cli(['outbox', 'list', '--json']);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.out) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'sent',
        to: ['a@example.com', 'b@example.org'],
        cc: ['c@example.com'],
        subject: 'Utilisateurs — été',
        report: 'USR01',
        attempts: 1,
        gmailId: msg.id,
        error: null,
        user: 'jtremblay',
      }),
    ]);
    expect(typeof rows[0]!.id).toBe('number');

    const table = await cli(['outbox', 'list']);
    expect(table.out.split('\n')[0]).toMatch(/^N°\s+Date\s+Statut\s+À\s+Objet\s+Rapport\s+Essais\s+Message Gmail\s+Erreur$/);
    expect(table.out).toMatch(
      new RegExp(
        `^${String(rows[0]!.id)}\\s.*Envoyé\\s+a@example\\.com, b@example\\.org\\s+Utilisateurs — été\\s+USR01\\s+1\\s+${msg.id}`,
        'm',
      ),
    );
    // Everyone's mails need Journal des courriels.
    const all = await cli(['outbox', 'list', '--all']);
    expect(all.code).not.toBe(0);
  });

  it('refuses with one sentence: no link (no link flow in the CLI), a bad address, no --to', async () => {
    const noLink = await cli(['report', 'send', 'USR01', '--to', 'a@example.com']);
    expect(noLink.code).not.toBe(0);
    expect(noLink.err).toBe(
      'prextra-console: Aucun compte Gmail n’est lié : liez-le dans Options-Utilisateurs › Maintenance › Préférences ou avec « gmail connect », puis envoyez de nouveau. Rien n’a été envoyé.\n',
    );
    const bad = await cli(['report', 'send', 'USR01', '--to', 'a@example.com,pas une adresse']);
    expect(bad.err).toBe('prextra-console: Adresse de courriel invalide : « pas une adresse ».\n');
    const none = await cli(['report', 'send', 'USR01']);
    expect(none.err).toBe('prextra-console: Indiquez au moins un destinataire (À).\n');
    expect(t.sim.received()).toHaveLength(0);
    expect((await cli(['outbox', 'list', '--json'])).out).toBe('[]\n');
  });

  it('outbox retry: a failed mail goes out after relinking; an uncertain one needs --force; a sent one never', async () => {
    await link();
    t.sim.revokeAccountGrants('jtremblay@mtl.example.com');
    t.sim.expireAccessTokens();
    await t.db('mail_accounts').update({ access_token_expires_at: new Date(Date.now() - 1000).toISOString() });
    const failed = await cli(['report', 'send', 'CIE01', '--to', 'a@example.com']);
    expect(failed.code).not.toBe(0);
    const id = Number(/n° (\d+) dans le journal/.exec(failed.err)?.[1]);
    expect(failed.err).toMatch(/reconnectez-le/);
    expect(JSON.parse((await cli(['outbox', 'list', '--json'])).out)[0]).toMatchObject({
      id,
      status: 'failed',
      error: expect.stringMatching(/reconnectez-le/),
    });

    await link();
    const retried = await cli(['outbox', 'retry', String(id)]);
    expect(retried.err).not.toContain('prextra-console:');
    expect(retried.err).toContain('Envoi à Gmail, essai 1');
    expect(retried.out).toContain(`Message Gmail : ${t.sim.received()[0]!.id}`);
    expect(t.sim.received()).toHaveLength(1);
    const again = await cli(['outbox', 'retry', String(id)]);
    expect(again.err).toMatch(/a déjà été envoyé/);
    expect(t.sim.received()).toHaveLength(1);

    t.sim.setFault('gmail', { afterStore: true, drop: true, count: 1 });
    const uncertain = await cli(['report', 'send', 'CIE01', '--to', 'a@example.com']);
    expect(uncertain.code).not.toBe(0);
    expect(uncertain.err).toMatch(/peut-être parti/);
    const uid = Number(/n° (\d+) dans le journal/.exec(uncertain.err)?.[1]);
    expect(t.sim.received()).toHaveLength(2);
    const refused = await cli(['outbox', 'retry', String(uid)]);
    expect(refused.err).toMatch(/doublon.*outbox retry \d+ --force\n$/);
    expect(t.sim.received()).toHaveLength(2);
    const forced = await cli(['outbox', 'retry', String(uid), '--force']);
    expect(forced.code).toBe(0);
    expect(t.sim.received()).toHaveLength(3);
    expect((await cli(['outbox', 'retry', 'abc'])).err).toBe('prextra-console: Numéro de courriel invalide : « abc ».\n');
  });

  it('sandbox mode (PRX_SANDBOX=1): the built-in simulator receives the mail as an .eml file beside the database', async () => {
    t.google = sandboxGoogle(t.dir);
    await link(true);
    const r = await cli(['report', 'send', 'CIE01', '--to', 'a@example.com'], {
      PATH: process.env.PATH,
      PRX_SANDBOX: '1',
      PRX_NO_BROWSER: '1',
    });
    expect(r.err).not.toContain('prextra-console:');
    expect(r.code).toBe(0);
    const gmailId = /Message Gmail : (\S+)$/m.exec(r.out)![1]!;
    const files = readdirSync(path.join(t.dir, 'sandbox', 'gmail'));
    expect(files.filter((f) => f.endsWith(`-${gmailId}.eml`))).toHaveLength(1);
    expect(t.sim.received()).toHaveLength(0);
  });
});
