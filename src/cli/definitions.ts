// The one source of the command line: every command, subcommand, argument and option,
// with its help. src/cli/dispatch.ts parses argv from these definitions (node's
// parseArgs), src/cli/help.ts prints `--help` and the shell completions from them, so an
// option cannot be accepted without being documented, nor documented without being parsed.
//
// Texts are message keys (messages/cli.ts), shown in the CLI's language (PRX_LANG).
// Nothing here imports a command's code: each group names a module loaded when it runs.
import type { CliContext } from './context.js';
import type { MessageKey, PlainKey } from '../services/i18n/index.js';

export interface OptionDef {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder of the value in the help: FILE, N, ADDR. */
  readonly value?: string;
  /** Message key of the one-line description. */
  readonly help: PlainKey;
}

export interface ArgDef {
  /** As shown in the usage line: CODE, FIELD=VALUE. */
  readonly name: string;
  /** Message key of what to give there (shown under "Arguments" in the help). */
  readonly help: PlainKey;
  readonly required?: boolean;
  /** Takes every remaining argument (zero or more; one or more when required). */
  readonly variadic?: boolean;
  /** The only values accepted (also offered by the shell completion). */
  readonly choices?: readonly string[];
}

export interface CommandDef {
  readonly name: string;
  /** Message key of the one-line summary. */
  readonly summary: PlainKey;
  readonly args?: readonly ArgDef[];
  readonly options?: Readonly<Record<string, OptionDef>>;
  /** Command lines shown under "Examples" (without the program name). */
  readonly examples?: readonly string[];
  /** Message keys of paragraphs shown after the options (environment, caveats). */
  readonly notes?: readonly MessageKey[];
}

export interface GroupDef extends CommandDef {
  /** Absent: the group is itself a command (completion, doctor). */
  readonly subcommands?: readonly CommandDef[];
  /** The module whose `handlers` run this group's commands (keyed by subcommand name). */
  readonly load: () => Promise<CommandModule>;
}

/** What a command's handler receives: its own options and arguments, already checked. */
export interface Invocation {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** A handler ends with nothing (exit 0), or with the exit code it chose (doctor's levels). */
export type Handler = (ctx: CliContext, inv: Invocation) => Promise<void | number>;
export interface CommandModule {
  readonly handlers: Readonly<Record<string, Handler>>;
}

export const PROGRAM = 'prextra-console';
/** Replaced at build time by scripts/build.mjs (the package's version). */
export const VERSION = process.env.PRX_BUILD_VERSION || '0.1.0';

/** Options every command accepts, before or after it. */
export const GLOBAL_OPTIONS = {
  db: { type: 'string', value: 'PATH|URL', help: 'help.opt.db' },
  user: { type: 'string', value: 'CODE', help: 'help.opt.user' },
  'password-stdin': { type: 'boolean', help: 'help.opt.passwordStdin' },
  sandbox: { type: 'boolean', help: 'help.opt.sandbox' },
  demo: { type: 'boolean', help: 'help.opt.demo' },
  help: { type: 'boolean', short: 'h', help: 'help.opt.help' },
  version: { type: 'boolean', short: 'v', help: 'help.opt.version' },
} as const satisfies Record<string, OptionDef>;

const json = { type: 'boolean', help: 'help.opt.json' } as const satisfies OptionDef;

export const COMMANDS: readonly GroupDef[] = [
  {
    name: 'db',
    summary: 'help.db',
    load: () => import('./commands/db.js'),
    subcommands: [
      {
        name: 'migrate',
        summary: 'help.db.migrate',
        options: { json },
        notes: ['help.note.adminPassword'],
        examples: ['db migrate', 'db migrate --db postgres://prextra@db.example.com/prextra'],
      },
      {
        name: 'seed',
        summary: 'help.db.seed',
        options: { demo: { type: 'boolean', help: 'help.opt.seedDemo' }, json },
        examples: ['db seed --demo --db /tmp/essai.sqlite'],
      },
      { name: 'status', summary: 'help.db.status', options: { json }, examples: ['db status --json'] },
      {
        name: 'backup',
        summary: 'help.db.backup',
        args: [{ name: 'FILE', required: true, help: 'help.arg.backupFile' }],
        options: { json },
        notes: ['help.note.backup'],
        examples: ['db backup /var/backups/prextra/prextra-$(date +%F).sqlite'],
      },
    ],
  },
  {
    name: 'config',
    summary: 'help.config',
    load: () => import('./commands/config.js'),
    subcommands: [
      { name: 'list', summary: 'help.config.list', options: { json }, examples: ['config list'] },
      {
        name: 'get',
        summary: 'help.config.get',
        args: [{ name: 'KEY', required: true, help: 'help.arg.configKey' }],
        options: { json },
        examples: ['config get UserMaintenanceShowFields'],
      },
      {
        name: 'set',
        summary: 'help.config.set',
        args: [
          { name: 'KEY', required: true, help: 'help.arg.configKey' },
          // Optional for secret keys only: their value comes from standard input (-) or a hidden prompt.
          { name: 'VALUE', variadic: true, help: 'help.arg.configValue' },
        ],
        options: { json },
        examples: [
          'config set UserMaintenanceShowFields gmail',
          'config set GmailClientId 1234-abcd.apps.googleusercontent.com',
          'config set GmailClientSecret -   < secret.txt',
        ],
      },
    ],
  },
  {
    name: 'users',
    summary: 'help.users',
    load: () => import('./commands/users.js'),
    subcommands: [
      {
        name: 'list',
        summary: 'help.users.list',
        options: {
          json,
          ndjson: { type: 'boolean', help: 'help.opt.ndjson' },
          filter: { type: 'string', value: 'TEXT', help: 'help.opt.filter' },
        },
        examples: ['users list', 'users list --filter tremblay --json', 'users list --ndjson > users.ndjson'],
      },
      {
        name: 'count',
        summary: 'help.users.count',
        options: { filter: { type: 'string', value: 'TEXT', help: 'help.opt.filter' }, json },
        examples: ['users count --filter tremblay'],
      },
      {
        name: 'show',
        summary: 'help.users.show',
        args: [{ name: 'CODE', required: true, help: 'help.arg.userCode' }],
        options: { json },
        examples: ['users show sroy'],
      },
      {
        name: 'set',
        summary: 'help.users.set',
        args: [
          { name: 'CODE', required: true, help: 'help.arg.userCode' },
          { name: 'FIELD=VALUE', required: true, variadic: true, help: 'help.arg.fieldValue' },
        ],
        options: { json },
        notes: ['help.note.fields'],
        examples: ['users set sroy email=sroy@example.com', 'users set sroy never_expires=non expiry_date=31/12/2027'],
      },
      {
        name: 'add',
        summary: 'help.users.add',
        args: [
          { name: 'CODE', required: true, help: 'help.arg.userCode' },
          { name: 'FIELD=VALUE', variadic: true, help: 'help.arg.fieldValue' },
        ],
        options: { json },
        notes: ['help.note.fields', 'help.note.addCompanies'],
        examples: [
          'users add bleger name="Benoît Léger" email=bleger@example.com',
          'users add bleger name="Benoît Léger" companies=MTL,QC default_company=MTL',
        ],
      },
      {
        name: 'passwd',
        summary: 'help.users.passwd',
        args: [{ name: 'CODE', required: true, help: 'help.arg.userCode' }],
        options: { json },
        notes: ['help.note.newPassword'],
        examples: ["PRX_NEW_PASSWORD='s3cret!' prextra-console users passwd bleger"],
      },
      {
        name: 'unlock',
        summary: 'help.users.unlock',
        args: [{ name: 'CODE', required: true, help: 'help.arg.userCode' }],
        options: { json },
        examples: ['users unlock jtremblay'],
      },
      {
        name: 'rights',
        summary: 'help.users.rights',
        args: [
          { name: 'CODE', required: true, help: 'help.arg.userCode' },
          { name: 'FUNCTION=LEVEL', variadic: true, help: 'help.arg.functionLevel' },
        ],
        options: { json },
        notes: ['help.note.rights'],
        examples: ['users rights jtremblay', 'users rights jtremblay systeme.maintenance.utilisateurs=lecture rapports.USR01=modification'],
      },
      {
        name: 'schedule',
        summary: 'help.users.schedule',
        args: [
          { name: 'CODE', required: true, help: 'help.arg.userCode' },
          { name: 'DAY=HH:MM-HH:MM', variadic: true, help: 'help.arg.dayRange' },
        ],
        options: { clear: { type: 'boolean', help: 'help.opt.clearSchedule' }, json },
        notes: ['help.note.schedule'],
        examples: [
          'users schedule jtremblay',
          'users schedule jtremblay lun-ven=08:00-12:00,13:00-17:00 sam=09:00-12:00',
          'users schedule jtremblay --clear',
        ],
      },
    ],
  },
  {
    name: 'audit',
    summary: 'help.audit',
    load: () => import('./commands/audit.js'),
    subcommands: [
      {
        name: 'list',
        summary: 'help.audit.list',
        options: { json, limit: { type: 'string', value: 'N', help: 'help.opt.limit' } },
        examples: ['audit list --limit 50'],
      },
    ],
  },
  {
    name: 'gmail',
    summary: 'help.gmail',
    load: () => import('./commands/gmail.js'),
    subcommands: [
      {
        name: 'connect',
        summary: 'help.gmail.connect',
        options: {
          'no-browser': { type: 'boolean', help: 'help.opt.noBrowser' },
          port: { type: 'string', value: 'N', help: 'help.opt.port' },
          json,
        },
        notes: ['help.note.connect'],
        examples: ['gmail connect', 'gmail connect --no-browser --port 8765'],
      },
      { name: 'status', summary: 'help.gmail.status', options: { json }, examples: ['gmail status --json'] },
      { name: 'test', summary: 'help.gmail.test', options: { json }, examples: ['gmail test'] },
      { name: 'disconnect', summary: 'help.gmail.disconnect', options: { json }, examples: ['gmail disconnect'] },
    ],
  },
  {
    name: 'report',
    summary: 'help.report',
    load: () => import('./commands/report.js'),
    subcommands: [
      { name: 'list', summary: 'help.report.list', options: { json }, examples: ['report list'] },
      {
        name: 'render',
        summary: 'help.report.render',
        args: [{ name: 'CODE', required: true, help: 'help.arg.reportCode' }],
        options: {
          company: { type: 'string', value: 'C', help: 'help.opt.company' },
          out: { type: 'string', value: 'FILE.pdf', help: 'help.opt.out' },
          force: { type: 'boolean', help: 'help.opt.replace' },
          json,
        },
        examples: ['report render USR01', 'report render USR01 --company MTL --out /tmp/', 'report render USR01 --out usagers.pdf --force'],
      },
      {
        name: 'send',
        summary: 'help.report.send',
        args: [{ name: 'CODE', required: true, help: 'help.arg.reportCode' }],
        options: {
          to: { type: 'string', multiple: true, value: 'ADDR[,ADDR]', help: 'help.opt.to' },
          cc: { type: 'string', multiple: true, value: 'ADDR[,ADDR]', help: 'help.opt.cc' },
          subject: { type: 'string', value: 'TEXT', help: 'help.opt.subject' },
          message: { type: 'string', value: 'TEXT', help: 'help.opt.message' },
          company: { type: 'string', value: 'C', help: 'help.opt.company' },
          json,
        },
        examples: [
          'report send USR01 --to direction@example.com',
          'report send USR02 --to a@example.com,b@example.com --cc c@example.com --subject "Droits"',
        ],
      },
    ],
  },
  {
    name: 'outbox',
    summary: 'help.outbox',
    load: () => import('./commands/outbox.js'),
    subcommands: [
      {
        name: 'list',
        summary: 'help.outbox.list',
        options: { all: { type: 'boolean', help: 'help.opt.all' }, json },
        examples: ['outbox list', 'outbox list --all --json'],
      },
      {
        name: 'retry',
        summary: 'help.outbox.retry',
        args: [{ name: 'ID', required: true, help: 'help.arg.outboxId' }],
        options: { force: { type: 'boolean', help: 'help.opt.force' }, json },
        examples: ['outbox retry 12', 'outbox retry 12 --force'],
      },
    ],
  },
  {
    name: 'secret',
    summary: 'help.secret',
    load: () => import('./commands/secret.js'),
    subcommands: [
      {
        name: 'status',
        summary: 'help.secret.status',
        options: { json },
        examples: ['secret status'],
      },
      {
        name: 'rotate',
        summary: 'help.secret.rotate',
        options: { 'new-key-file': { type: 'string', value: 'FILE', help: 'help.opt.newKeyFile' }, json },
        notes: ['help.note.secretRotate'],
        examples: ['secret rotate', 'secret rotate --new-key-file /etc/prextra-console/secret.key'],
      },
    ],
  },
  {
    name: 'doctor',
    summary: 'help.doctor',
    options: { json },
    notes: ['help.note.doctor'],
    examples: ['doctor', 'doctor --json', 'HTTPS_PROXY=http://proxy.example.com:3128 prextra-console doctor'],
    load: () => import('./commands/doctor.js'),
  },
  {
    name: 'completion',
    summary: 'help.completion',
    args: [{ name: 'SHELL', required: true, choices: ['bash', 'zsh', 'fish'], help: 'help.arg.shell' }],
    notes: ['help.note.completion'],
    examples: [
      'completion bash > /etc/bash_completion.d/prextra-console',
      'completion fish > ~/.config/fish/completions/prextra-console.fish',
    ],
    load: () => import('./commands/completion.js'),
  },
  {
    name: 'help',
    summary: 'help.help',
    args: [{ name: 'COMMAND', variadic: true, help: 'help.arg.command' }],
    examples: ['help users', 'help report send'],
    load: () => import('./commands/completion.js'),
  },
];

export function findGroup(name: string | undefined): GroupDef | undefined {
  return COMMANDS.find((g) => g.name === name);
}

/** The options a command accepts: its own, then the global ones. */
export function optionsOf(cmd: CommandDef | undefined): Record<string, OptionDef> {
  return { ...GLOBAL_OPTIONS, ...(cmd?.options ?? {}) };
}
