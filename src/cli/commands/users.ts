import { AppError } from '../../services/errors.js';
import { formatDate, parseDate, translateDynamic } from '../../services/i18n/index.js';
import {
  createUser,
  getUser,
  countUsers,
  eachUser,
  loadUser,
  setPassword,
  unlockUser,
  updateUser,
  type UserInput,
  type UserListRow,
  type UserRecord,
} from '../../services/users/index.js';
import { USER_FIELDS } from '../../services/userFields.js';
import type { Db } from '../../services/db.js';
import type { Actor } from '../../services/rights.js';
import type { Handler, Invocation } from '../definitions.js';
import { printJson, printTable, prompt, type CliContext } from '../context.js';
import { asUser } from './session.js';
import { mapChunks, printJsonChunks, printTableChunks } from '../stream.js';
import { rights, schedule } from './userAccess.js';

const SETTABLE = [...USER_FIELDS.map((f) => f.name), 'companies'];

/** Parses FIELD=VALUE arguments with the names `users show --json` prints. */
function parseAssignments(args: readonly string[]): UserInput {
  const input: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new AppError('cli.badAssignment', { arg });
    const name = arg.slice(0, eq).trim();
    // Which of two values was meant cannot be guessed: refused, not "the last one wins".
    if (seen.has(name)) throw new AppError('cli.repeatedField', { field: name });
    seen.add(name);
    const raw = arg.slice(eq + 1);
    if (name === 'companies') {
      input.companies = raw
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((c) => c.toUpperCase());
      continue;
    }
    const def = USER_FIELDS.find((f) => f.name === name);
    if (!def) throw new AppError('cli.unknownField', { field: name, fields: SETTABLE.join(', ') });
    switch (def.kind) {
      case 'bool': {
        const v = raw.trim().toLowerCase();
        if (['1', 'true', 'oui', 'yes', 'o', 'y'].includes(v)) input[name] = true;
        else if (['0', 'false', 'non', 'no', 'n'].includes(v)) input[name] = false;
        else throw new AppError('cli.badBool', { field: name });
        break;
      }
      case 'int': {
        const n = Number(raw.trim());
        if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new AppError('cli.badInt', { field: name });
        input[name] = n;
        break;
      }
      case 'date':
        if (raw.trim() === '') input[name] = null;
        // One input format whatever the operator's Langue (a script must not change meaning
        // with who runs it): ISO or JJ/MM/AAAA, as the README shows. Invalid text is
        // reported by validation, beside the field.
        else input[name] = parseDate(raw, 'fr') ?? raw;
        break;
      case 'select':
        input[name] = name === 'default_company' ? raw.trim().toUpperCase() || null : raw.trim();
        break;
      default:
        input[name] = raw.replace(/\\n/g, '\n');
    }
  }
  return input as UserInput;
}

function publicRecord(u: UserRecord): Record<string, unknown> {
  const { id: _id, ...rest } = u;
  return rest;
}

function showTable(ctx: CliContext, u: UserRecord): void {
  const rows = USER_FIELDS.map((f) => {
    const v = (u as unknown as Record<string, unknown>)[f.name];
    const shown =
      f.kind === 'bool'
        ? ctx.t(v ? 'bool.yes' : 'bool.no')
        : f.kind === 'date'
          ? formatDate(v as string | null, ctx.lang)
          : f.options // a choice in words, as the form shows it (--json keeps the stored value)
            ? translateDynamic(ctx.lang, `option.${f.name}.${String(v ?? '')}`, String(v ?? ''))
            : String(v ?? '');
    return [translateDynamic(ctx.lang, `field.${f.name}`), shown];
  });
  rows.push([ctx.t('field.companies'), u.companies.join(', ')]);
  printTable(ctx, [ctx.t('field.key'), ctx.t('field.value')], rows);
}

/** What `users list --json` prints of a user. */
function listJson(r: UserListRow): Record<string, unknown> {
  return { code: r.code, name: r.name, email: r.email, active: r.active, default_company: r.default_company, language: r.language };
}

/**
 * `users list`: the users stream out a chunk at a time (read in keyset order), so a
 * million users take constant memory. --json prints one array (as printJson would),
 * --ndjson one object a line; the table's column widths are those of the first chunk.
 */
async function streamList(
  ctx: CliContext,
  db: Db,
  actor: Actor,
  opts: { json?: boolean; ndjson?: boolean; filter?: string },
): Promise<void> {
  const users = eachUser(db, actor, { filter: opts.filter });
  if (opts.json || opts.ndjson) return printJsonChunks(ctx, mapChunks(users, listJson), opts.ndjson);
  const headers = [
    ctx.t('field.code'),
    ctx.t('field.name'),
    ctx.t('field.email'),
    ctx.t('field.active'),
    ctx.t('field.default_company'),
    ctx.t('field.language'),
  ];
  const cells = (r: UserListRow) => [
    r.code,
    r.name,
    r.email,
    ctx.t(r.active ? 'bool.yes' : 'bool.no'),
    r.default_company ?? '',
    ctx.t(`option.language.${r.language}`),
  ];
  await printTableChunks(ctx, headers, mapChunks(users, cells));
}

const list = (ctx: CliContext, { values }: Invocation) =>
  asUser(ctx, (db, actor) =>
    streamList(ctx, db, actor, { json: values.json === true, ndjson: values.ndjson === true, filter: values.filter as string | undefined }),
  );

const count = (ctx: CliContext, { values }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const n = await countUsers(db, actor, { filter: values.filter as string | undefined });
    if (values.json) printJson(ctx, { count: n });
    else ctx.out(`${n}\n`);
  });

const show = (ctx: CliContext, { values, positionals }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const u = await getUser(db, actor, positionals[0]!);
    if (values.json) printJson(ctx, publicRecord(u));
    else showTable(ctx, u);
  });

const set = (ctx: CliContext, { values, positionals }: Invocation) => {
  const [code, ...assignments] = positionals;
  if (assignments.length === 0) throw new AppError('cli.noFieldToSet');
  const input = parseAssignments(assignments);
  return asUser(ctx, async (db, actor) => {
    const before = await getUser(db, actor, code!);
    const u = await updateUser(db, actor, code!, input, before.row_version, { google: ctx.rt.google });
    if (values.json) printJson(ctx, publicRecord(u));
    else ctx.out(ctx.t('cli.userUpdated', { code: u.code }) + '\n');
  });
};

/** Without companies, a new user gets the acting user's default company, as the form gives. */
const add = (ctx: CliContext, { values, positionals }: Invocation) => {
  const [code, ...assignments] = positionals;
  const input = parseAssignments(assignments);
  return asUser(ctx, async (db, actor) => {
    const mine =
      input.default_company === undefined && input.companies === undefined ? (await loadUser(db, actor.code))?.default_company : null;
    const company = input.default_company ?? input.companies?.[0] ?? mine ?? null;
    const u = await createUser(db, actor, {
      ...input,
      code,
      default_company: company,
      companies: input.companies ?? (company ? [company] : []),
    });
    if (values.json) printJson(ctx, publicRecord(u));
    else ctx.out(ctx.t('cli.userCreated', { code: u.code }) + '\n');
  });
};

const passwd = (ctx: CliContext, { values, positionals }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const code = positionals[0]!;
    let pw = ctx.env.PRX_NEW_PASSWORD;
    if (pw === undefined) {
      if (!ctx.stdin.isTTY) throw new AppError('cli.newPasswordRequired');
      pw = await prompt(ctx, ctx.t('cli.promptNewPassword', { code }), true);
      const again = await prompt(ctx, ctx.t('cli.promptConfirm'), true);
      if (again !== pw) throw new AppError('validation.passwordMismatch');
    }
    await setPassword(db, actor, code, pw);
    if (values.json) printJson(ctx, { code, passwordSet: true });
    else ctx.out(ctx.t('cli.passwordSet', { code }) + '\n');
  });

const unlock = (ctx: CliContext, { values, positionals }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const code = positionals[0]!;
    await unlockUser(db, actor, code);
    if (values.json) printJson(ctx, { code, unlocked: true });
    else ctx.out(ctx.t('cli.unlocked', { code }) + '\n');
  });

export const handlers: Record<string, Handler> = { list, count, show, set, add, passwd, unlock, rights, schedule };
