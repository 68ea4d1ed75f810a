import type { CliContext } from './cli/context.js';
import { AppError } from './services/errors.js';

export async function runConsole(_ctx: CliContext): Promise<number> {
  throw new AppError('cli.ttyRequired');
}
