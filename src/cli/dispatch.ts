// From argv to one call, by the definitions (src/cli/definitions.ts): which command, its
// options parsed with node's parseArgs (its own and the global ones, before or after it),
// its arguments counted and checked. Every mistake is a usage error (exit code 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../services/errors.js';
import {
  COMMANDS,
  GLOBAL_OPTIONS,
  findGroup,
  optionsOf,
  type CommandDef,
  type GroupDef,
  type Invocation,
  type OptionDef,
} from './definitions.js';
import type { GlobalOptions } from './context.js';

export type Call =
  | { readonly kind: 'version'; readonly global: GlobalOptions }
  | { readonly kind: 'help'; readonly global: GlobalOptions; readonly group?: GroupDef; readonly command?: CommandDef }
  | { readonly kind: 'console'; readonly global: GlobalOptions }
  | {
      readonly kind: 'command';
      readonly global: GlobalOptions;
      readonly group: GroupDef;
      readonly command: CommandDef;
      readonly inv: Invocation;
    };

/** Global options that take a value: their value is not a command word. */
const GLOBAL_WITH_VALUE = Object.entries(GLOBAL_OPTIONS)
  .filter(([, d]) => (d as OptionDef).type === 'string')
  .map(([n]) => `--${n}`);

/** Finds the command words (group, subcommand) in argv; returns them and argv without them. */
function locate(argv: readonly string[]): { group?: GroupDef; command?: CommandDef; rest: string[]; helpAsked: boolean } {
  const helpAsked = argv.some((a) => a === '--help' || a === '-h');
  let group: GroupDef | undefined;
  let command: CommandDef | undefined;
  const taken = new Set<number>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (GLOBAL_WITH_VALUE.includes(a)) i++;
      continue;
    }
    if (!group) {
      group = findGroup(a);
      if (!group) throw new AppError('cli.unknownCommand', { cmd: a });
      taken.add(i);
      if (!group.subcommands) {
        command = group;
        break;
      }
      continue;
    }
    command = group.subcommands!.find((c) => c.name === a);
    if (!command) throw new AppError('cli.unknownSubcommand', { cmd: `${group.name} ${a}`, group: group.name });
    taken.add(i);
    break;
  }
  return { group, command, rest: argv.filter((_, i) => !taken.has(i)), helpAsked };
}

/** node's parseArgs, its errors as our one-line usage sentences. */
function parse(args: string[], options: Record<string, OptionDef>) {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, d] of Object.entries(options))
    config[name] = { type: d.type, ...(d.short ? { short: d.short } : {}), ...(d.multiple ? { multiple: true } : {}) };
  try {
    return parseArgs({ args, options: config, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = (e as Error).message;
    const flag = /'(-{1,2}[^' ]+)/.exec(msg)?.[1] ?? msg;
    if (/argument missing|requires/i.test(msg)) throw new AppError('cli.missingArg', { what: flag });
    // "--limit -1": parseArgs will not take a value that looks like an option.
    if (/ambiguous/i.test(msg)) throw new AppError('cli.dashValue', { flag });
    throw new AppError('cli.unknownFlag', { flag });
  }
}

/** Counts and checks the positional arguments against the command's definition. */
function checkArgs(cmd: CommandDef, positionals: readonly string[]): void {
  const defs = cmd.args ?? [];
  const missing = defs.filter((a, i) => a.required && positionals[i] === undefined);
  if (missing.length) throw new AppError('cli.missingArg', { what: missing.map((a) => a.name).join(' ') });
  const variadic = defs.at(-1)?.variadic === true;
  if (!variadic && positionals.length > defs.length) throw new AppError('cli.unexpectedArg', { arg: positionals[defs.length]! });
  defs.forEach((a, i) => {
    const v = positionals[i];
    if (a.choices && v !== undefined && !a.choices.includes(v))
      throw new AppError('cli.badChoice', { value: v, what: a.name, choices: a.choices.join(', ') });
  });
}

function globalsOf(values: Record<string, unknown>, ownDemo: boolean): GlobalOptions {
  return {
    db: values.db as string | undefined,
    user: values.user as string | undefined,
    sandbox: values.sandbox === true,
    // `db seed --demo` is the seed's own option; elsewhere --demo means the demo database.
    demo: !ownDemo && values.demo === true,
    passwordStdin: values['password-stdin'] === true,
  };
}

/** What argv asks for. Throws AppError (usage) for anything it cannot accept. */
export function resolveCall(argv: readonly string[]): Call {
  let located: ReturnType<typeof locate>;
  try {
    located = locate(argv);
  } catch (e) {
    // `prextra-console frobnicate --help` is still a mistake; `--version` anywhere wins.
    if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version', global: globalsOf({}, true) };
    throw e;
  }
  const { group, command, rest, helpAsked } = located;
  const { values, positionals } = helpAsked ? { values: { help: true }, positionals: [] } : parse(rest, optionsOf(command));
  const global = globalsOf(values, command?.options?.demo !== undefined);
  if (values.version === true) return { kind: 'version', global };
  if (values.help === true) return { kind: 'help', global, group, command };
  if (!group) return { kind: 'console', global };
  if (!command) {
    throw new AppError('cli.missingSubcommand', { list: group.subcommands!.map((c) => c.name).join(' | '), group: group.name });
  }
  checkArgs(command, positionals);
  const own = Object.fromEntries(Object.keys(command.options ?? {}).map((k) => [k, values[k]]));
  // parseArgs types a multiple option as (string | boolean)[]; ours are all strings (definitions).
  return { kind: 'command', global, group, command, inv: { values: own as Invocation['values'], positionals } };
}

/** `prextra-console help users send` → the group and command it names. */
export function helpTarget(words: readonly string[]): { group?: GroupDef; command?: CommandDef } {
  if (!words.length) return {};
  const group = findGroup(words[0]);
  if (!group) throw new AppError('cli.unknownCommand', { cmd: words[0]! });
  if (words.length === 1 || !group.subcommands) return { group };
  const command = group.subcommands.find((c) => c.name === words[1]);
  if (!command) throw new AppError('cli.unknownSubcommand', { cmd: `${group.name} ${words[1]}`, group: group.name });
  return { group, command };
}

export { COMMANDS };
