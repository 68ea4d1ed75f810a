// users rights CODE [FUNCTION=LEVEL…] and users schedule CODE [DAY=HH:MM-HH:MM…]: the
// screens *Changer droits utilisateurs* and *Horaire pour connexion*, through the same
// services and the same rights checks.
import { AppError } from '../../services/errors.js';
import { translateDynamic, translate, formatMessage, type Lang } from '../../services/i18n/index.js';
import { REPORTS } from '../../services/reports/catalog.js';
import { allFunctions, getUserRights, setUserRights, type RightLevel } from '../../services/rights.js';
import { getSchedule, getUser, setSchedule, validateSchedule, type ScheduleRange } from '../../services/users/index.js';
import type { Invocation } from '../definitions.js';
import { printJson, printTable, type CliContext } from '../context.js';
import { asUser } from './session.js';

const LEVEL_WORDS: Readonly<Record<string, RightLevel>> = {
  aucun: 'aucun',
  lecture: 'lecture',
  modification: 'modification',
  none: 'aucun',
  read: 'lecture',
  modify: 'modification',
};

/** The function's label as the rights screen shows it. */
function functionLabel(fn: string, lang: Lang): string {
  if (fn.startsWith('rapports.')) {
    const code = fn.slice('rapports.'.length);
    return `${translate(lang, 'module.rapports')} › ${code} ${translateDynamic(lang, `report.${code}`, '')}`;
  }
  return translateDynamic(lang, `function.${fn}`, fn);
}

/** FUNCTION=LEVEL arguments, checked against the functions the screen lists. */
function parseLevels(args: readonly string[], functions: readonly string[]): Record<string, RightLevel> {
  const out: Record<string, RightLevel> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new AppError('cli.badAssignment', { arg });
    const fn = arg.slice(0, eq).trim();
    const word = arg
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (!functions.includes(fn)) throw new AppError('cli.unknownFunction', { fn, list: functions.join(', ') });
    const level = LEVEL_WORDS[word];
    if (!level) throw new AppError('cli.badLevel', { fn, level: word });
    out[fn] = level;
  }
  return out;
}

export const rights = (ctx: CliContext, { values, positionals }: Invocation) => {
  const [code, ...assignments] = positionals;
  const functions = allFunctions(REPORTS.map((r) => r.code));
  const changes = parseLevels(assignments, functions);
  return asUser(ctx, async (db, actor) => {
    if (assignments.length) await setUserRights(db, actor, code!, changes);
    const current = await getUserRights(db, actor, code!);
    const full = Object.fromEntries(functions.map((fn) => [fn, current[fn] ?? 'aucun'])) as Record<string, RightLevel>;
    if (values.json) printJson(ctx, full);
    else if (assignments.length) ctx.out(ctx.t('cli.rightsSaved', { code: code! }) + '\n');
    else
      printTable(
        ctx,
        [ctx.t('field.function'), ctx.t('field.level'), ctx.t('field.functionCode')],
        functions.map((fn) => [functionLabel(fn, ctx.lang), translateDynamic(ctx.lang, `level.${full[fn]}`), fn]),
      );
  });
};

const DAY_WORDS: Readonly<Record<string, number>> = {
  lun: 1,
  mar: 2,
  mer: 3,
  jeu: 4,
  ven: 5,
  sam: 6,
  dim: 7,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};

function dayNumber(word: string): number | undefined {
  const w = word.trim().toLowerCase().slice(0, 3);
  if (/^[1-7]$/.test(w)) return Number(w);
  return DAY_WORDS[w];
}

/** "lun-ven=08:00-12:00,13:00-17:00" → ranges for Monday to Friday. */
function parseScheduleArg(arg: string): ScheduleRange[] {
  const bad = () => new AppError('cli.badScheduleArg', { arg });
  const eq = arg.indexOf('=');
  if (eq <= 0) throw bad();
  const days = arg.slice(0, eq).split('-');
  const from = dayNumber(days[0]!);
  const to = days.length === 2 ? dayNumber(days[1]!) : days.length === 1 ? from : undefined;
  if (from === undefined || to === undefined || to < from) throw bad();
  const times = arg
    .slice(eq + 1)
    .split(',')
    .map((r) => /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(r));
  if (times.some((m) => !m)) throw bad();
  const pad = (hm: string) => hm.padStart(5, '0');
  const out: ScheduleRange[] = [];
  for (let d = from; d <= to; d++) for (const m of times) out.push({ weekday: d, start: pad(m![1]!), end: pad(m![2]!) });
  return out;
}

export const schedule = (ctx: CliContext, { values, positionals }: Invocation) => {
  const [code, ...args] = positionals;
  if (values.clear && args.length) throw new AppError('cli.scheduleClearWithRanges');
  const parsed = args.map((arg) => ({ arg, ranges: parseScheduleArg(arg) }));
  // The service's own checks, before anything is saved, so the sentence can name the argument.
  for (const { arg, ranges } of parsed) {
    const first = Object.values(validateSchedule(ranges))[0];
    if (first) throw new AppError('cli.badScheduleRange', { arg, reason: formatMessage(ctx.lang, first.key, first.params) });
  }
  const setting = values.clear === true || args.length > 0;
  return asUser(ctx, async (db, actor) => {
    const user = await getUser(db, actor, code!);
    const ranges = parsed.flatMap((p) => p.ranges).sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
    if (setting) await setSchedule(db, actor, user.code, ranges);
    const now = await getSchedule(db, user.id);
    if (values.json) printJson(ctx, now);
    else if (setting) ctx.out(ctx.t('cli.scheduleSaved', { code: user.code }) + '\n');
    else if (now.length === 0) ctx.out(ctx.t('cli.scheduleNone') + '\n');
    else
      printTable(
        ctx,
        [ctx.t('field.weekday'), ctx.t('field.start'), ctx.t('field.end')],
        now.map((r) => [translateDynamic(ctx.lang, `weekday.${r.weekday}`), r.start, r.end]),
      );
  });
};
