import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { eachTestDb, type TestDb } from '../helpers/db.js';
import { AppError, ForbiddenError } from '../../src/services/errors.js';
import { errorMessage, formatDate } from '../../src/services/i18n/index.js';
import { listReports, renderReport, renderReportToFile, type RenderedReport } from '../../src/services/reports/index.js';
import { toWinAnsi } from '../../src/services/reports/winansi.js';
import { reportFunction, setUserRights, type Actor } from '../../src/services/rights.js';
import { createUser } from '../../src/services/users/index.js';
import { todayIso } from '../../src/services/time.js';

/** The text a reader sees, page by page, one string per printed line. */
async function pdfPages(pdf: Buffer): Promise<string[][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const lines = new Map<number, Array<{ x: number; s: string }>>();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const y = Math.round(item.transform[5] as number);
      const line = lines.get(y) ?? [];
      line.push({ x: item.transform[4] as number, s: item.str });
      lines.set(y, line);
    }
    pages.push(
      [...lines.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([, items]) =>
          items
            .sort((a, b) => a.x - b.x)
            .map((i) => i.s.trim())
            .join('  '),
        ),
    );
  }
  await doc.destroy();
  return pages;
}

/** Renders into memory through a stream, as a mail upload would. */
async function renderToBuffer(db: TestDb['db'], actor: Actor, code: string, company?: string): Promise<{ r: RenderedReport; pdf: Buffer }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const r = await renderReport(db, actor, code, { company, out: sink });
  return { r, pdf: Buffer.concat(chunks) };
}

const t = eachTestDb();

describe('which reports a user may print', () => {
  it('lists only the reports held at least in lecture, named in the user’s language', async () => {
    const admin = await t.actor('admin');
    expect((await listReports(t.db, admin)).map((r) => r.code)).toEqual(['USR01', 'USR02', 'USR03', 'CIE01', 'MAIL01']);
    const julie = await t.actor('jtremblay');
    expect(await listReports(t.db, julie)).toEqual([
      { code: 'USR01', name: 'Liste des utilisateurs' },
      { code: 'CIE01', name: 'Liste des compagnies' },
    ]);
    await setUserRights(t.db, admin, 'nmorin', { [reportFunction('USR02')]: 'modification' });
    expect(await listReports(t.db, await t.actor('nmorin'))).toEqual([{ code: 'USR02', name: 'User rights' }]);
  });

  it('refuses a report without the right, and writes nothing', async () => {
    const julie = await t.actor('jtremblay');
    const out = path.join(t.dir, 'usr02.pdf');
    const refused = renderReport(t.db, julie, 'USR02', { out });
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    expect(existsSync(out)).toBe(false);
    const unknown = (await renderReport(t.db, julie, 'XYZ99', { out }).catch((e) => e)) as AppError;
    expect(errorMessage(unknown, 'fr')).toBe('Rapport inconnu « XYZ99 ». Rapports : USR01, USR02, USR03, CIE01, MAIL01.');
  });
});

describe('USR01 Liste des utilisateurs', () => {
  it('prints live data with its accents, the company header, the title, the date and the printer’s name', async () => {
    const admin = await t.actor('admin');
    await createUser(t.db, admin, {
      code: 'zlevesque',
      name: 'Zoé Lévesque-Côté',
      email: 'zoe@mtl.example.com',
      default_company: 'MTL',
      companies: ['MTL'],
    });
    const { r, pdf } = await renderToBuffer(t.db, admin, 'USR01');
    const pages = await pdfPages(pdf);
    const text = pages.flat().join('\n');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain('Zoé Lévesque-Côté');
    expect(text).toMatch(/zlevesque {2}Zoé Lévesque-Côté {2}zoe@mtl\.example\.com {2}Oui {2}MTL {2}Français/);
    expect(pages[0]![0]).toMatch(/^Documentation Prextra {2}Imprimé le \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    expect(pages[0]).toContain('2300, boul. Industriel  USR01');
    expect(pages[0]).toContain('Liste des utilisateurs');
    expect(text).toContain(`Imprimé le ${formatDate(todayIso(), 'fr')}`);
    expect(pages[0]).toContain(`Imprimé par Administrateur système  Page 1 de ${r.pages}`);
    expect(pages[0]).toContain('Code  Nom  Courriel  Actif  Compagnie par défaut  Langue');
    expect(text).toMatch(/vouellet {2}Valérie Ouellet .* {2}Non {2}SHER/);
    expect(r).toMatchObject({
      code: 'USR01',
      title: 'Liste des utilisateurs',
      company: 'DOC',
      companyName: 'Documentation Prextra',
      bytes: pdf.length,
    });
    expect(r.fileName).toBe(`USR01-Liste des utilisateurs-${todayIso()}.pdf`);
    expect(r.pages).toBe(pages.length);
    expect(r.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(r.firstLines.slice(0, 5)).toEqual([
      'Documentation Prextra',
      '2300, boul. Industriel',
      'Laval',
      'Liste des utilisateurs',
      expect.stringMatching(/^Imprimé le /),
    ]);
    expect(r.firstLines[5]).toBe('Code  Nom  Courriel  Actif  Compagnie par défaut  Langue');
    expect(r.firstLines[6]).toMatch(/^admin {2}Administrateur système/);
  });

  it('heads the page with the chosen company, or the user’s own; no printer’s name without Nom d’utilisateur sur rapport', async () => {
    const admin = await t.actor('admin');
    const qc = await renderToBuffer(t.db, admin, 'USR01', 'qc');
    expect(qc.r.company).toBe('QC');
    const qcText = (await pdfPages(qc.pdf))[0]!.join('\n');
    expect(qcText).toMatch(/^Transport Québec ltée {2}Imprimé le .*\n125, rue du Pont {2}USR01\nQuébec\n/);
    const bad = (await renderToBuffer(t.db, admin, 'USR01', 'ZZZ').catch((e) => e)) as AppError;
    expect(bad).toBeInstanceOf(AppError);
    expect(errorMessage(bad, 'fr')).toBe('Compagnie inconnue « ZZZ ».');

    const julie = await renderToBuffer(t.db, await t.actor('jtremblay'), 'USR01');
    const text = (await pdfPages(julie.pdf)).flat().join('\n');
    expect(text).toMatch(/^Usinage Montréal inc\./);
    expect(text).toMatch(/^Page 1 de 2$/m);
    expect(text).not.toContain('Imprimé par');
  });

  it('speaks English to an English user', async () => {
    const admin = await t.actor('admin');
    await setUserRights(t.db, admin, 'nmorin', { [reportFunction('USR01')]: 'lecture' });
    const nathalie = await t.actor('nmorin');
    let { r, pdf } = await renderToBuffer(t.db, nathalie, 'USR01');
    let text = (await pdfPages(pdf)).flat().join('\n');
    expect(r.title).toBe('User list');
    expect(r.fileName).toBe(`USR01-User list-${todayIso()}.pdf`);
    expect(text).toContain('User list');
    expect(text).toContain(`Printed on ${todayIso()}`);
    expect(text).toContain('Code  Name  E-mail  Active  Default company  Language');
    expect(text).toMatch(/nmorin {2}Nathalie Morin .* {2}Yes {2}DOC {2}English/);
    expect(text).toMatch(/^Page 1 of 2$/m);
    expect(text).not.toMatch(/Imprimé|Printed by|Page 1 de/);

    await t.db('users').where({ code: 'nmorin' }).update({ name_on_report: true });
    ({ r, pdf } = await renderToBuffer(t.db, nathalie, 'USR01'));
    text = (await pdfPages(pdf)).flat().join('\n');
    expect(text).toContain('Printed by Nathalie Morin  Page 1 of 2');
  });

  it('pages cleanly: every page has the header row and “Page k de N”, no row is lost or split', async () => {
    const ts = new Date().toISOString();
    const extra = Array.from({ length: 500 }, (_, i) => {
      const code = `u${String(i).padStart(4, '0')}`;
      return { code, code_key: code, name: `Employé n° ${i} Bélanger`, email: `${code}@qc.example.com`, created_at: ts, updated_at: ts };
    });
    await t.db.batchInsert('users', extra, 100);
    const { r, pdf } = await renderToBuffer(t.db, await t.actor('admin'), 'USR01');
    const pages = await pdfPages(pdf);
    expect(r.pages).toBeGreaterThan(1);
    expect(pages).toHaveLength(r.pages);
    const seen = new Map<string, number>();
    pages.forEach((lines, i) => {
      expect(lines).toContain(`Imprimé par Administrateur système  Page ${i + 1} de ${r.pages}`);
      expect(lines).toContain('Code  Nom  Courriel  Actif  Compagnie par défaut  Langue');
      expect(lines.some((l) => l.startsWith('Documentation Prextra'))).toBe(true);
      for (const l of lines) {
        const m = /^(u\d{4}) {2}Employé n° (\d+) Bélanger {2}(u\d{4})@qc\.example\.com {2}Oui {2}Français$/.exec(l);
        if (m) {
          expect(m[1]).toBe(m[3]);
          seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
        }
      }
    });
    expect(seen.size).toBe(500);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('writes a private file whose SHA-256 and size are what was reported', async () => {
    const r = await renderReportToFile(t.db, await t.actor('admin'), 'usr01', { dir: t.dir });
    expect(path.dirname(r.path)).toBe(t.dir);
    const bytes = readFileSync(r.path);
    expect(statSync(r.path).mode & 0o777).toBe(0o600);
    expect(r.bytes).toBe(bytes.length);
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    rmSync(r.path);
  });

  it('follows a slow reader without losing a byte', async () => {
    const chunks: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        setTimeout(done, 1);
      },
    });
    const r = await renderReport(t.db, await t.actor('admin'), 'USR01', { out: slow });
    const pdf = Buffer.concat(chunks);
    expect(r.bytes).toBe(pdf.length);
    expect(r.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect((await pdfPages(pdf)).flat().join('\n')).toContain('Julie Tremblay');
  });

  it('fails cleanly when the reader fails (a broken upload): the error comes back, nothing hangs', async () => {
    let written = 0;
    const broken = new Writable({
      write(chunk: Buffer, _enc, done) {
        written += chunk.length;
        done(written > 4096 ? new Error('connexion perdue') : null);
      },
    });
    await expect(renderReport(t.db, await t.actor('admin'), 'USR01', { out: broken })).rejects.toThrow('connexion perdue');
  });

  it('keeps every French character and replaces what Helvetica cannot show; long text ends with “…”', async () => {
    const admin = await t.actor('admin');
    await createUser(t.db, admin, { code: 'accents', name: 'Élise « Ô » D’Amours-Çà è', default_company: 'MTL', companies: ['MTL'] });
    await createUser(t.db, admin, { code: 'ukasz', name: 'Łukasz Ωmega Nowak', default_company: 'MTL', companies: ['MTL'] });
    await createUser(t.db, admin, {
      code: 'long',
      name: 'Marie-Geneviève-Bernadette de la Sablonnière-Létourneau-Desrochers-Vaillancourt',
      default_company: 'MTL',
      companies: ['MTL'],
    });
    const text = (await pdfPages((await renderToBuffer(t.db, admin, 'USR01')).pdf)).flat().join('\n');
    expect(text).toContain('Élise « Ô » D’Amours-Çà è');
    expect(text).toContain('Lukasz ?mega Nowak');
    expect(text).toMatch(/long {2}Marie-Geneviève-Bernadette de la Sablonni[^ ]*…/);
    expect(toWinAnsi('a\u202fb → c 😀 e\u0301')).toBe('a\u00a0b -> c ? é');
  });
});

describe('the other reports', () => {
  it('USR02 lists each user’s non-aucun rights with the function’s name', async () => {
    const admin = await t.actor('admin');
    await setUserRights(t.db, admin, 'sroy', { [reportFunction('USR03')]: 'aucun' });
    const text = (await pdfPages((await renderToBuffer(t.db, admin, 'USR02')).pdf)).flat().join('\n');
    expect(text).toContain('Droits des utilisateurs');
    expect(text).toContain('Code  Nom  Fonction  Niveau');
    expect(text).toContain('jtremblay  Julie Tremblay  Rapports › Liste des utilisateurs  Lecture');
    expect(text).toContain('admin  Administrateur système  Gestion de système › Maintenance › Utilisateurs  Modification');
    expect(text).not.toMatch(/Aucun$/m);
  });

  it('USR03 shows each weekday’s ranges, and “sans restriction” for users without any', async () => {
    const admin = await t.actor('admin');
    await t.db('user_schedules').insert({ user_id: (await t.actor('sroy')).id, weekday: 6, start_time: '13:00', end_time: '15:30' });
    await t.db('user_schedules').insert({ user_id: (await t.actor('sroy')).id, weekday: 6, start_time: '08:00', end_time: '11:00' });
    const pages = await pdfPages((await renderToBuffer(t.db, admin, 'USR03')).pdf);
    const text = pages.flat().join('\n');
    expect(text).toContain('Horaires de connexion');
    expect(text).toContain('sroy  Sophie Roy  Lundi  07:00–18:00');
    expect(text).toContain('sroy  Sophie Roy  Samedi  08:00–11:00, 13:00–15:30');
    expect(text).toContain('jtremblay  Julie Tremblay  sans restriction');
    expect(text.match(/^sroy /gm)).toHaveLength(6);
  });

  it('CIE01 lists the companies', async () => {
    const text = (await pdfPages((await renderToBuffer(t.db, await t.actor('jtremblay'), 'CIE01')).pdf)).flat().join('\n');
    expect(text).toContain('Liste des compagnies');
    expect(text).toContain('TRV  Électrique Trois-Rivières  77, rue des Forges  Trois-Rivières  819 555-0177');
  });

  it('MAIL01 renders an empty outbox, then its rows; without courriels.journal only one’s own mails', async () => {
    const admin = await t.actor('admin');
    let text = (await pdfPages((await renderToBuffer(t.db, admin, 'MAIL01')).pdf)).flat().join('\n');
    expect(text).toContain('Journal des courriels');
    expect(text).toContain('Aucune donnée à imprimer.');
    expect(text).toContain('Page 1 de 1');

    const support = await t.actor('support');
    const ts = '2026-11-27T15:04:00.000Z';
    const row = (userId: number, subject: string, status: string, attempts: number) => ({
      user_id: userId,
      to_addresses: 'client@exemple.ca',
      subject,
      report_code: 'USR01',
      status,
      attempts,
      created_at: ts,
      updated_at: ts,
    });
    await t
      .db('outbox')
      .insert([
        row(admin.id, 'Liste des utilisateurs — Usinage Montréal inc.', 'sent', 1),
        row(admin.id, 'Rapport à revoir', 'failed', 3),
        row(support.id, 'Envoi du support', 'uncertain', 2),
      ]);
    text = (await pdfPages((await renderToBuffer(t.db, admin, 'MAIL01')).pdf)).flat().join('\n');
    expect(text).toContain('Date  Utilisateur  Destinataires  Objet  Rapport  Statut  Essais');
    expect(text).toMatch(
      /\d\d\/\d\d\/2026 \d\d:\d\d {2}admin {2}client@exemple\.ca {2}Liste des utilisateurs — Usinage Montréal inc\. {2}USR01 {2}Envoyé {2}1/,
    );
    expect(text).toContain('Rapport à revoir  USR01  Échec  3');
    expect(text).toContain('support  client@exemple.ca  Envoi du support  USR01  Incertain  2');
    // Newest first.
    expect(text.indexOf('Envoi du support')).toBeLessThan(text.indexOf('Rapport à revoir'));

    text = (await pdfPages((await renderToBuffer(t.db, support, 'MAIL01')).pdf)).flat().join('\n');
    expect(text).toContain('Envoi du support');
    expect(text).not.toContain('Rapport à revoir');
  });
});
