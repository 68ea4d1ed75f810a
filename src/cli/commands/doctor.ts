// prextra-console doctor [--json]: the checks of services/doctor, one line each, and an
// exit code saying the worst: 0 ok, 1 warn, 2 fail (the Nagios plugin convention).
import { runDoctor, worstLevel, type CheckLine, type Level } from '../../services/doctor/index.js';
import { logFilePath } from '../../services/log.js';
import type { Handler, Invocation } from '../definitions.js';
import { printJson, type CliContext } from '../context.js';

const DOCTOR_EXIT: Record<Level, number> = { ok: 0, warn: 1, fail: 2 };

function printLines(ctx: CliContext, lines: readonly CheckLine[]): void {
  const levelWidth = Math.max(...(['ok', 'warn', 'fail'] as const).map((l) => ctx.t(`doctor.level.${l}`).length));
  const labelWidth = Math.max(...lines.map((l) => l.label.length));
  for (const l of lines) {
    ctx.out(`${ctx.t(`doctor.level.${l.level}`).padEnd(levelWidth)}  ${l.label.padEnd(labelWidth)}  ${l.detail}\n`);
    if (l.fix) ctx.out(`${' '.repeat(levelWidth + labelWidth + 4)}${ctx.t('doctor.todo', { fix: l.fix })}\n`);
  }
}

const doctor = async (ctx: CliContext, { values }: Invocation): Promise<number> => {
  const lines = await runDoctor({
    target: ctx.rt.dbTarget,
    env: ctx.env,
    google: ctx.rt.google,
    logFile: logFilePath(),
    lang: ctx.lang,
  });
  const worst = worstLevel(lines);
  if (values.json) printJson(ctx, { worst, checks: lines });
  else {
    printLines(ctx, lines);
    ctx.out(`\n${ctx.t(`doctor.summary.${worst}`)}\n`);
  }
  return DOCTOR_EXIT[worst];
};

export const handlers: Record<string, Handler> = { doctor };
