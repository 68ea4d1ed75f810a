// No module-level mutable state outside the entry (issue 10 §2): a module variable that a
// call writes makes a test's result depend on the tests that ran before it in the same
// process. The entries (src/cli.tsx, src/console.tsx, src/runtime.ts) build what a run
// needs and hand it down; every other module keeps its state in what it is given.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRIES = new Set(['src/cli.tsx', 'src/console.tsx', 'src/runtime.ts']);

/**
 * Module variables that are written and may stay, each with why it is not state a test
 * could see: keyed by an object that dies with its owner, or a memo of a pure function.
 */
const ALLOWED: Record<string, string> = {
  'src/services/errors.ts: logged': 'marks an error object once logged; a WeakSet keyed by the error, gone with it',
  'src/services/search.ts: cache':
    'filter counts per database handle (a WeakMap: gone with the handle), each checked against the database’s change token before use',
  'src/services/reports/pdf.ts: charWidths': 'memo of a pure function: glyph widths per font, size and character',
  'src/services/i18n/index.ts: PLURAL_RULES': 'memo of a pure function: Intl.PluralRules per language, built on first use',
  'src/services/gmail/googleClient.ts: directAgents':
    'the keep-alive connection pool of direct requests, one per scheme: connections, no data',
  'src/services/mail/claims.ts: self': 'memo of a fact fixed for the process’s life: its host and start time',
  'src/services/mail/claims.ts: bootMs': 'memo of a fact fixed for the machine’s uptime: its boot time',
  'src/services/mail/claims.ts: held':
    'the outbox claims this process is working on: a claim is a process’s by definition (host, pid, start time); random tokens, so one test’s claims never match another’s rows',
};

const MUTATORS = new Set([
  'set',
  'add',
  'delete',
  'clear',
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The identifier at the root of `a.b[c].d`, if any. */
function rootName(e: ts.Expression): string | null {
  while (
    ts.isPropertyAccessExpression(e) ||
    ts.isElementAccessExpression(e) ||
    ts.isParenthesizedExpression(e) ||
    ts.isNonNullExpression(e)
  )
    e = e.expression;
  return ts.isIdentifier(e) ? e.text : null;
}

function isContainer(init: ts.Expression | undefined): boolean {
  if (!init) return false;
  while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
  if (ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init)) return true;
  return ts.isNewExpression(init) && ts.isIdentifier(init.expression) && /^(Map|Set|WeakMap|WeakSet|Array)$/.test(init.expression.text);
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** What `file` keeps at module level and writes: `let`/`var`, or a container a call changes. */
export function moduleState(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const containers = new Set<string>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const list = st.declarationList;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const d of list.declarations) {
      if (!ts.isIdentifier(d.name)) continue;
      if (!isConst) found.push(`${file}: ${d.name.text}`);
      else if (isContainer(d.initializer)) containers.add(d.name.text);
    }
  }
  const written = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && MUTATORS.has(n.expression.name.text)) {
      const r = rootName(n.expression.expression);
      if (r && containers.has(r)) written.add(r);
    }
    if (ts.isCallExpression(n) && n.expression.getText(sf) === 'Object.assign' && n.arguments[0]) {
      const r = rootName(n.arguments[0]);
      if (r && containers.has(r)) written.add(r);
    }
    const target =
      ts.isBinaryExpression(n) && ASSIGNMENTS.has(n.operatorToken.kind) ? n.left : ts.isDeleteExpression(n) ? n.expression : null;
    const unary =
      (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(n.operator);
    const lhs = target ?? (unary ? (n as ts.PrefixUnaryExpression).operand : null);
    if (lhs && (ts.isPropertyAccessExpression(lhs) || ts.isElementAccessExpression(lhs))) {
      const r = rootName(lhs);
      if (r && containers.has(r)) written.add(r);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  for (const name of written) found.push(`${file}: ${name}`);
  return found;
}

describe('module-level state', () => {
  it('finds a let, a written Map/Set/array/object, and leaves constants alone', () => {
    const text = [
      'let current = 0;',
      'const seen = new Set<string>();',
      'const byKey = new Map();',
      'const list: string[] = [];',
      'const box = { value: 1 };',
      'const FIXED = new Set(["a"]);',
      'const TABLE = { a: 1 } as const;',
      'export function f(k: string) { seen.add(k); byKey.get(k); list.push(k); box.value++; current = FIXED.has(k) ? TABLE.a : 0; }',
      'function g() { let local = 1; const m = new Map(); m.set(1, local); }',
    ].join('\n');
    expect(moduleState('x.ts', text).sort()).toEqual(['x.ts: box', 'x.ts: current', 'x.ts: list', 'x.ts: seen']);
  });

  const found = () =>
    sourceFiles('src')
      .filter((f) => !ENTRIES.has(f))
      .flatMap((f) => moduleState(f, readFileSync(path.join(ROOT, f), 'utf8')));

  it('no file under src/ outside the entries keeps module-level state a call writes; every allowance is still needed', () => {
    const all = found();
    expect(all.filter((k) => !(k in ALLOWED))).toEqual([]);
    // An allowance for state that is gone is dropped.
    expect(Object.keys(ALLOWED).filter((k) => !all.includes(k))).toEqual([]);
  });
});
