// Bundles the console (options in bundle-options.mjs) into dist/:
//   cli.js   the one entry (package.json "bin"): our code, Ink, React and their dependencies
//   knex.js  knex, imported by cli.js when a database is opened (after the first frame)
//   mime.js  nodemailer's MailComposer, imported by cli.js when a mail is built
//   *.map    source maps
//   THIRD-PARTY-LICENSES.txt  the license texts of every package bundled into those files
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIL_COMPOSER, bundleOptions, knexInItsOwnFile, mimeInItsOwnFile } from './bundle-options.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
const version = process.env.npm_package_version || JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const main = await build({
  ...bundleOptions,
  absWorkingDir: ROOT,
  entryPoints: { cli: 'src/cli.tsx' },
  outdir: DIST,
  plugins: [...bundleOptions.plugins, knexInItsOwnFile, mimeInItsOwnFile],
  define: { ...bundleOptions.define, 'process.env.PRX_BUILD_VERSION': JSON.stringify(version) },
});
const knex = await build({
  ...bundleOptions,
  absWorkingDir: ROOT,
  entryPoints: { knex: 'node_modules/knex/knex.js' },
  outdir: DIST,
  // Not a program: no shebang, but its own require() for the drivers.
  banner: { js: bundleOptions.banner.js.replace(/^#!.*\n/, '') },
});
const mime = await build({
  ...bundleOptions,
  absWorkingDir: ROOT,
  entryPoints: { mime: MAIL_COMPOSER },
  outdir: DIST,
  banner: { js: bundleOptions.banner.js.replace(/^#!.*\n/, '') },
});
chmodSync(path.join(DIST, 'cli.js'), 0o755);
writeFileSync(path.join(DIST, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses([main.metafile, knex.metafile, mime.metafile]));

/** node_modules/a/b.js → node_modules/a; node_modules/@s/a/x.js → node_modules/@s/a (nested ones too). */
function packageDirOf(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  return parts.slice(0, at + (parts[at + 1]?.startsWith('@') ? 3 : 2)).join('/');
}

/** The license text of every package that has code in the bundles, with its name and version. */
function thirdPartyLicenses(metafiles) {
  const dirs = new Set();
  for (const m of metafiles)
    for (const output of Object.values(m.outputs))
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const dir = bytesInOutput > 0 ? packageDirOf(input) : null;
        if (dir) dirs.add(dir);
      }
  const sections = [...dirs].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
    const files = existsSync(path.join(ROOT, dir))
      ? readdirSync(path.join(ROOT, dir)).filter((f) => /^(licen[cs]e|copying|notice)/i.test(f))
      : [];
    const texts = files.map((f) => readFileSync(path.join(ROOT, dir, f), 'utf8').trim());
    // A package published without its license file: the text from its repository.
    const kept = path.join(ROOT, 'scripts', 'licenses', `${pkg.name.replace('/', '__')}.LICENSE`);
    if (!texts.length && existsSync(kept)) texts.push(readFileSync(kept, 'utf8').trim());
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see the package');
    return [
      `${pkg.name}@${pkg.version} — ${license}`,
      ...(texts.length ? texts : [`(no license file in the package; its package.json says: ${license})`]),
    ].join('\n\n');
  });
  const rule = `\n\n${'='.repeat(78)}\n\n`;
  return `prextra-console ${version}: dist/cli.js, dist/knex.js and dist/mime.js include code from these packages.${rule}${sections.join(rule)}\n`;
}
