// `--help` texts, generated from src/cli/definitions.ts: the program's, a group's, a
// command's (usage, arguments, options, notes, examples, exit codes).
import { formatMessage, translateDynamic, translator, type Lang, type PlainKey, type Translate } from '../services/i18n/index.js';
import { REPORTS } from '../services/reports/catalog.js';
import { allFunctions } from '../services/rights.js';
import { COMMANDS, GLOBAL_OPTIONS, PROGRAM, VERSION, type CommandDef, type GroupDef, type OptionDef } from './definitions.js';
import { EXIT_CODES } from './exitCodes.js';

/** Environment variables of the help, with their description keys. */
const ENVIRONMENT: ReadonlyArray<readonly [string, PlainKey]> = [
  ['PRX_DB', 'help.env.PRX_DB'],
  ['PRX_USER', 'help.env.PRX_USER'],
  ['PRX_PASSWORD', 'help.env.PRX_PASSWORD'],
  ['PRX_NEW_PASSWORD', 'help.env.PRX_NEW_PASSWORD'],
  ['PRX_ADMIN_PASSWORD', 'help.env.PRX_ADMIN_PASSWORD'],
  ['PRX_LANG', 'help.env.PRX_LANG'],
  ['PRX_CONFIG_DIR', 'help.env.PRX_CONFIG_DIR'],
  ['PRX_SECRET_KEY', 'help.env.PRX_SECRET_KEY'],
  ['PRX_SANDBOX', 'help.env.PRX_SANDBOX'],
  ['PRX_GOOGLE_CLIENT_ID, PRX_GOOGLE_CLIENT_SECRET', 'help.env.PRX_GOOGLE'],
  ['PRX_GOOGLE_AUTH_URL, PRX_GOOGLE_TOKEN_URL, PRX_GOOGLE_REVOKE_URL, PRX_GMAIL_API_URL', 'help.env.PRX_GOOGLE_URLS'],
  ['HTTPS_PROXY, NO_PROXY', 'help.env.HTTPS_PROXY'],
  ['PRX_OAUTH_PORT', 'help.env.PRX_OAUTH_PORT'],
  ['PRX_NO_BROWSER', 'help.env.PRX_NO_BROWSER'],
  ['BROWSER', 'help.env.BROWSER'],
  ['NO_COLOR', 'help.env.NO_COLOR'],
  ['PRX_LOG', 'help.env.PRX_LOG'],
];

/** "--company C", "-h, --help", "--to ADDR[,ADDR]…" */
function optionLabel(name: string, def: OptionDef): string {
  const long = `--${name}${def.type === 'string' ? ` ${def.value ?? 'VALUE'}` : ''}${def.multiple ? '…' : ''}`;
  return def.short ? `-${def.short}, ${long}` : long;
}

function argLabel(a: { name: string; required?: boolean; variadic?: boolean; choices?: readonly string[] }): string {
  const name = a.choices ? a.choices.join('|') : a.name;
  const shown = a.variadic ? `${name}…` : name;
  return a.required ? shown : `[${shown}]`;
}

/** One usage line: "prextra-console users set CODE FIELD=VALUE… [--json]". */
function usageLine(group: GroupDef, cmd: CommandDef): string {
  const words = [PROGRAM, group.name, ...(cmd === group ? [] : [cmd.name])];
  for (const a of cmd.args ?? []) words.push(argLabel(a));
  for (const [name, def] of Object.entries(cmd.options ?? {}))
    words.push(`[--${name}${def.type === 'string' ? ` ${def.value ?? 'VALUE'}` : ''}]`);
  return words.join(' ');
}

/** Rows as two aligned columns, indented. */
function columns(rows: ReadonlyArray<readonly [string, string]>, indent = '  '): string[] {
  const w = Math.min(34, Math.max(...rows.map(([a]) => a.length)));
  return rows.map(([a, b]) => (a.length > w ? `${indent}${a}\n${indent}${' '.repeat(w)}  ${b}` : `${indent}${a.padEnd(w)}  ${b}`));
}

function leaves(): Array<[GroupDef, CommandDef]> {
  return COMMANDS.flatMap((g) =>
    g.subcommands ? g.subcommands.map((c) => [g, c] as [GroupDef, CommandDef]) : [[g, g] as [GroupDef, CommandDef]],
  );
}

function optionRows(t: Translate, options: Readonly<Record<string, OptionDef>>): Array<[string, string]> {
  return Object.entries(options).map(([name, def]) => [optionLabel(name, def), t(def.help)]);
}

function exitCodes(t: Translate, lang: Lang): string[] {
  return [`${t('help.exitCodes')}:`, ...columns(EXIT_CODES.map((c) => [String(c), translateDynamic(lang, `help.exit.${c}`)]))];
}

/** Parameters some notes name (the rights' function list). */
function noteParams(): Record<string, string> {
  return { functions: allFunctions(REPORTS.map((r) => r.code)).join(', ') };
}

/** `prextra-console --help`: every command with its usage, global options, environment, exit codes. */
export function programHelp(lang: Lang): string {
  const t = translator(lang);
  const out = [
    `${PROGRAM} ${VERSION} — ${t('help.title')}`,
    '',
    `${t('help.usage')}:`,
    `  ${PROGRAM} [--db PATH|URL] [--user CODE] [--sandbox] [--demo]    ${t('help.console')}`,
    `  ${PROGRAM} COMMAND [SUBCOMMAND] [ARGUMENTS] [OPTIONS]`,
    '',
    `${t('help.commands')}:`,
    ...columns(leaves().map(([g, c]) => [usageLine(g, c).slice(PROGRAM.length + 1), t(c.summary)])),
    '',
    `${t('help.globalOptions')}:`,
    ...columns(optionRows(t, GLOBAL_OPTIONS)),
    '',
    `${t('help.environment')}:`,
    ...columns(ENVIRONMENT.map(([k, v]) => [k, t(v)])),
    '',
    ...exitCodes(t, lang),
    '',
    t('help.more'),
  ];
  return out.join('\n') + '\n';
}

/** `prextra-console GROUP --help` or `prextra-console GROUP SUB --help`. */
export function commandHelp(lang: Lang, group: GroupDef, cmd?: CommandDef): string {
  const t = translator(lang);
  if (!cmd && group.subcommands) {
    const out = [
      `${PROGRAM} ${group.name} — ${t(group.summary)}`,
      '',
      `${t('help.usage')}:`,
      ...group.subcommands.map((c) => `  ${usageLine(group, c)}`),
      '',
      `${t('help.subcommands')}:`,
      ...columns(group.subcommands.map((c) => [c.name, t(c.summary)])),
      '',
      `${t('help.examples')}:`,
      ...group.subcommands.flatMap((c) => (c.examples ?? []).slice(0, 1)).map((e) => `  ${withProgram(e)}`),
      '',
      `${t('help.globalOptions')}:`,
      ...columns(optionRows(t, GLOBAL_OPTIONS)),
      '',
      ...exitCodes(t, lang),
      '',
      t('help.more'),
    ];
    return out.join('\n') + '\n';
  }
  const c = cmd ?? group;
  const out = [
    `${PROGRAM} ${group.name}${c === group ? '' : ` ${c.name}`} — ${t(c.summary)}`,
    '',
    `${t('help.usage')}:`,
    `  ${usageLine(group, c)}`,
  ];
  if (c.args?.length) {
    out.push(
      '',
      `${t('help.arguments')}:`,
      ...columns(c.args.map((a) => [argLabel(a), a.choices ? `${t(a.help)} (${a.choices.join(', ')})` : t(a.help)])),
    );
  }
  if (c.options && Object.keys(c.options).length) out.push('', `${t('help.options')}:`, ...columns(optionRows(t, c.options)));
  out.push('', `${t('help.globalOptions')}:`, ...columns(optionRows(t, GLOBAL_OPTIONS)));
  if (c.notes?.length) out.push('', ...c.notes.map((n) => formatMessage(lang, n, noteParams())));
  if (c.examples?.length) out.push('', `${t('help.examples')}:`, ...c.examples.map((e) => `  ${withProgram(e)}`));
  out.push('', ...exitCodes(t, lang));
  return out.join('\n') + '\n';
}

/** Examples are written without the program name, unless they start with an assignment. */
function withProgram(example: string): string {
  return example.includes(`${PROGRAM} `) ? example : `${PROGRAM} ${example}`;
}
