import { configKeyDef, getConfigDisplay, listConfig, setConfig, type ConfigKeyDef } from '../../services/config.js';
import { AppError } from '../../services/errors.js';
import type { Handler, Invocation } from '../definitions.js';
import { printJson, printTable, prompt, readAllStdin, type CliContext } from '../context.js';
import { asUser } from './session.js';

// config list | get KEY | set KEY VALUE… (definitions: src/cli/definitions.ts)

type Entry = Awaited<ReturnType<typeof getConfigDisplay>>;
const entryJson = (e: Entry) => ({ key: e.key, value: e.display, secret: e.secret, set: e.isSet });

const list = (ctx: CliContext, { values }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const entries = await listConfig(db, actor);
    if (values.json) printJson(ctx, entries.map(entryJson));
    else
      printTable(
        ctx,
        [ctx.t('field.key'), ctx.t('field.value')],
        entries.map((e) => [e.key, e.display]),
      );
  });

const get = (ctx: CliContext, { values, positionals }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const e = await getConfigDisplay(db, actor, positionals[0]!);
    if (values.json) printJson(ctx, entryJson(e));
    else ctx.out((e.secret ? (e.isSet ? ctx.t('config.secretSet') : '') : e.display) + '\n');
  });

const set = async (ctx: CliContext, { values, positionals }: Invocation) => {
  const [key, ...valueParts] = positionals;
  // Decided before the database is opened or a password asked: a refused secret goes nowhere.
  const value = await valueToSet(ctx, configKeyDef(key!), valueParts);
  return asUser(ctx, async (db, actor) => {
    const saved = await setConfig(db, actor, key!, value);
    if (values.json) printJson(ctx, entryJson(await getConfigDisplay(db, actor, saved!.key)));
    else ctx.out(ctx.t('cli.configSet', { key: saved!.key }) + '\n');
  });
};

/**
 * The value to store. A secret key never takes it from the command line (ps, shell
 * history): `-` reads standard input, no value asks with a hidden prompt on a terminal.
 */
async function valueToSet(ctx: CliContext, def: ConfigKeyDef, parts: readonly string[]): Promise<string> {
  if (!def.secret) {
    if (parts.length === 0) throw new AppError('cli.missingArg', { what: 'VALUE' });
    return parts.join(' ');
  }
  if (parts.length === 1 && parts[0] === '-') {
    const text = await readAllStdin(ctx.stdin);
    const value = text.replace(/\r?\n$/, '');
    if (!value) throw new AppError('config.secretEmpty', { key: def.key });
    return value;
  }
  if (parts.length > 0) throw new AppError('config.secretOnCommandLine', { key: def.key });
  if (!ctx.stdin.isTTY) throw new AppError('config.secretNeedsInput', { key: def.key });
  const value = await prompt(ctx, ctx.t('config.promptSecret', { key: def.key }), true);
  if (!value) throw new AppError('config.secretEmpty', { key: def.key });
  return value;
}

export const handlers: Record<string, Handler> = { list, get, set };
