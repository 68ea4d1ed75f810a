// completion bash|zsh|fish and help [COMMAND…]: both generated from the definitions, so
// the shell offers exactly the commands and options the parser accepts.
import { COMMANDS, GLOBAL_OPTIONS, PROGRAM, type CommandDef, type GroupDef, type Handler, type Invocation } from '../definitions.js';
import { helpTarget } from '../dispatch.js';
import { commandHelp, programHelp } from '../help.js';
import type { CliContext } from '../context.js';
import type { Translate } from '../../services/i18n/index.js';

/** Every completion case: the words typed so far (group, subcommand) → the words offered. */
function cases(t: Translate): Array<{ group: string; sub: string | null; words: string[]; descriptions: Map<string, string> }> {
  const globals = Object.keys(GLOBAL_OPTIONS).map((o) => `--${o}`);
  const options = (c: CommandDef) => Object.keys(c.options ?? {}).map((o) => `--${o}`);
  const out: Array<{ group: string; sub: string | null; words: string[]; descriptions: Map<string, string> }> = [];
  out.push({
    group: '',
    sub: null,
    words: [...COMMANDS.map((g) => g.name), ...globals],
    descriptions: new Map(COMMANDS.map((g) => [g.name, t(g.summary)])),
  });
  for (const g of COMMANDS) {
    if (g.subcommands) {
      out.push({
        group: g.name,
        sub: null,
        words: g.subcommands.map((c) => c.name),
        descriptions: new Map(g.subcommands.map((c) => [c.name, t(c.summary)])),
      });
      for (const c of g.subcommands) out.push({ group: g.name, sub: c.name, words: [...options(c), ...globals], descriptions: new Map() });
    } else {
      const choices = g.args?.[0]?.choices ?? (g.name === 'help' ? COMMANDS.map((x) => x.name) : []);
      out.push({ group: g.name, sub: null, words: [...choices, ...options(g), ...globals], descriptions: new Map() });
    }
  }
  return out;
}

const GLOBAL_VALUES = Object.entries(GLOBAL_OPTIONS)
  .filter(([, d]) => d.type === 'string')
  .map(([n]) => `--${n}`);

/**
 * The `case "$group $sub" in` branches of the bash and zsh scripts, one per completion case;
 * `offer` is the shell's assignment of the words offered.
 */
function branches(t: Translate, offer: (words: string[]) => string): string {
  return cases(t)
    .map(({ group, sub, words }) => {
      // A command without subcommands: whatever follows it still completes its own words.
      const pattern =
        sub !== null
          ? `"${group} ${sub}"`
          : group === ''
            ? '" "'
            : COMMANDS.find((g) => g.name === group)?.subcommands
              ? `"${group} "`
              : `"${group} "*`;
      return `    ${pattern}) ${offer(words)} ;;`;
    })
    .join('\n');
}

/** The bash and zsh loop's body over the words typed: options skipped (a global option's value too), then group, subcommand. */
const SCAN_WORD = `    case "$w" in
      ${GLOBAL_VALUES.join('|')}) ((i++)); continue ;;
      -*) continue ;;
    esac
    if [[ -z $group ]]; then group=$w; elif [[ -z $sub ]]; then sub=$w; fi`;

function bash(t: Translate): string {
  return `# ${PROGRAM} completion for bash: source <(${PROGRAM} completion bash)
_prextra_console() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" group="" sub="" words="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
${SCAN_WORD}
  done
  case "$group $sub" in
${branches(t, (words) => `words="${words.join(' ')}"`)}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _prextra_console ${PROGRAM}
`;
}

function zsh(t: Translate): string {
  return `#compdef ${PROGRAM}
# ${PROGRAM} completion for zsh: save as _${PROGRAM} in a folder of $fpath, or source it.
_prextra-console() {
  local group="" sub="" w i
  local -a offered
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
${SCAN_WORD}
  done
  case "$group $sub" in
${branches(t, (words) => `offered=(${words.join(' ')})`)}
  esac
  compadd -- $offered
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _prextra-console "$@"; else compdef _prextra-console ${PROGRAM}; fi
`;
}

function fish(t: Translate): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const groups = COMMANDS.map((g) => g.name).join(' ');
  const lines = [
    `# ${PROGRAM} completion for fish: ${PROGRAM} completion fish > ~/.config/fish/completions/${PROGRAM}.fish`,
    `complete -c ${PROGRAM} -f`,
  ];
  for (const [name, d] of Object.entries(GLOBAL_OPTIONS))
    lines.push(
      `complete -c ${PROGRAM} -l ${name}${'short' in d ? ` -s ${d.short}` : ''}${d.type === 'string' ? ' -r' : ''} -d ${q(t(d.help))}`,
    );
  for (const g of COMMANDS) {
    lines.push(`complete -c ${PROGRAM} -n "not __fish_seen_subcommand_from ${groups}" -a ${g.name} -d ${q(t(g.summary))}`);
    const leaves: Array<[CommandDef, string]> = g.subcommands
      ? g.subcommands.map((c) => [c, `__fish_seen_subcommand_from ${g.name}; and __fish_seen_subcommand_from ${c.name}`])
      : [[g, `__fish_seen_subcommand_from ${g.name}`]];
    if (g.subcommands) {
      const subs = g.subcommands.map((c) => c.name).join(' ');
      for (const c of g.subcommands)
        lines.push(
          `complete -c ${PROGRAM} -n "__fish_seen_subcommand_from ${g.name}; and not __fish_seen_subcommand_from ${subs}" -a ${c.name} -d ${q(t(c.summary))}`,
        );
    }
    for (const [c, cond] of leaves) {
      for (const [name, d] of Object.entries(c.options ?? {}))
        lines.push(`complete -c ${PROGRAM} -n "${cond}" -l ${name}${d.type === 'string' ? ' -r' : ''} -d ${q(t(d.help))}`);
      const choices = c.args?.[0]?.choices;
      if (choices) lines.push(`complete -c ${PROGRAM} -n "${cond}" -a "${choices.join(' ')}"`);
    }
  }
  return lines.join('\n') + '\n';
}

const SCRIPTS: Readonly<Record<string, (t: Translate) => string>> = { bash, zsh, fish };

const completion = async (ctx: CliContext, { positionals }: Invocation) => {
  ctx.out(SCRIPTS[positionals[0]!]!(ctx.t));
};

const help = async (ctx: CliContext, { positionals }: Invocation) => {
  const { group, command } = helpTarget(positionals);
  ctx.out(group ? commandHelp(ctx.lang, group as GroupDef, command) : programHelp(ctx.lang));
};

export const handlers: Record<string, Handler> = { completion, help };
