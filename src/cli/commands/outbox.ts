import { AppError } from '../../services/errors.js';
import type { CliContext } from '../context.js';

// Placeholder until the outbox commands land (see the open issues).
export async function run(_ctx: CliContext, argv: string[]): Promise<void> {
  throw new AppError('cli.unknownCommand', { cmd: ['outbox', ...argv].join(' ') });
}
