import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering rules of README "Architecture", checked on the source text: a rule that
// only lives in a document is broken by the next change without anyone noticing.

const ROOT = path.resolve(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  const out: string[] = [];
  for (const name of readdirSync(abs)) {
    const full = path.join(abs, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(path.relative(ROOT, full)));
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(name)) out.push(path.relative(ROOT, full));
  }
  return out;
}

/** Every module specifier a file names: static and dynamic imports, re-exports, require. */
export function importedSpecifiers(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'"`;]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]);
  return specs;
}

const noExt = (p: string) => p.replace(/\.(m?js|tsx?)$/, '');

/** The imports of `file` that resolve into the folder, or to the module, `target` (both relative to the root). */
function importsInto(file: string, target: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const targetAbs = noExt(path.join(ROOT, target)) + path.sep;
  return importedSpecifiers(source).filter((spec) => {
    if (!spec.startsWith('.')) return false;
    const resolved = noExt(path.resolve(path.dirname(path.join(ROOT, file)), spec));
    return (resolved + path.sep).startsWith(targetAbs);
  });
}

describe('architecture', () => {
  it('finds every kind of import it looks for', () => {
    const found = importedSpecifiers(
      [
        "import { a } from '../../src/services/search.js';",
        "import type { Knex } from 'knex';",
        "import '../x.js';",
        "export { b } from '../y.js';",
        "const m = await import('../z.js');",
      ].join('\n'),
    );
    expect(found).toEqual(expect.arrayContaining(['../../src/services/search.js', 'knex', '../x.js', '../y.js', '../z.js']));
  });

  it('no service imports the sandbox, React or Ink: the entry wires the simulator, screens draw', () => {
    const offenders = filesUnder('src/services').flatMap((f) => {
      const source = readFileSync(path.join(ROOT, f), 'utf8');
      const ui = importedSpecifiers(source).filter((s) => /^(react|ink)(\/|$)|^ink-/.test(s));
      return [...importsInto(f, 'src/sandbox'), ...ui].map((s) => `${f} → ${s}`);
    });
    expect(offenders).toEqual([]);
  });

  it('only the CLI entry uses src/cli: the console, screens, state and services import nothing from it', () => {
    const files = ['src/console.tsx', 'src/app.tsx', 'src/runtime.ts', ...['src/screens', 'src/state', 'src/services'].flatMap(filesUnder)];
    const offenders = files.flatMap((f) => importsInto(f, 'src/cli').map((s) => `${f} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('services know nothing of the console: no import of the screens, the state or the entries', () => {
    const offenders = filesUnder('src/services').flatMap((f) =>
      ['src/screens', 'src/state', 'src/app.tsx', 'src/console.tsx', 'src/cli.tsx', 'src/runtime.ts'].flatMap((target) =>
        importsInto(f, target).map((s) => `${f} → ${s}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('db/ imports nothing from src/ except through the seed', () => {
    const offenders = filesUnder('db')
      .filter((f) => !f.startsWith(`db${path.sep}seeds${path.sep}`))
      .flatMap((f) => importsInto(f, 'src').map((s) => `${f} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('no migration imports application code: a shipped migration keeps its meaning', () => {
    const offenders = filesUnder('db/migrations').flatMap((f) => importsInto(f, 'src').map((s) => `${f} → ${s}`));
    expect(offenders).toEqual([]);
  });
});
