import React, { useState } from 'react';
import { Box, Text } from 'ink';
import type { CheckLine, Level } from '../services/doctor/index.js';
import { errorMessage, type Translate } from '../services/i18n/index.js';
import { logFilePath } from '../services/log.js';
import { useLang, useServices, useT, useTheme } from './context.js';
import { EntryView, type EntryLine } from './EntryView.js';
import { useAsync } from './hooks.js';
import { useCommands } from './keys/react.js';
import type { ScreenProps } from './types.js';

// The checks load pg/knex helpers, Google's endpoints and TLS: only when the screen opens.
const doctor = () => import('../services/doctor/index.js');

/** One entry line per check (its level first), and the fix under it when there is one. */
function checkLines(checks: readonly CheckLine[], t: Translate): EntryLine[] {
  const tone = (l: Level): EntryLine['tone'] => (l === 'fail' ? 'error' : l === 'warn' ? 'warning' : undefined);
  return checks.flatMap((c) => [
    { label: c.label, value: `${t(`doctor.level.${c.level}`)} — ${c.detail}`, tone: tone(c.level) },
    ...(c.fix ? [{ label: '', value: t('doctor.todo', { fix: c.fix }), tone: tone(c.level) }] : []),
  ]);
}

/**
 * Gestion de système › Maintenance › Diagnostic: the checks of `prextra-console doctor`
 * (services/doctor) on the console's own database and Google settings; run each time the
 * screen opens. Nothing is changed.
 */
export function DiagnosticScreen({ width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const { db, env, google } = useServices();
  // Each r is a new run: its number tells the lines of the last run from the ones under way.
  const [run, setRun] = useState(0);
  const { data, error } = useAsync(async () => {
    const d = await doctor();
    const checks = await d.runDoctor({ target: d.dbTargetOf(db), db, env, google, logFile: logFilePath(), lang });
    return { checks, worst: d.worstLevel(checks), run };
  }, [lang, run]);
  const running = !error && data?.run !== run;
  useCommands({ 'diagnostic.rerun': !running && (() => setRun((n) => n + 1)) });
  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  if (!data || running) return <Text color={th.muted}>{t('diagnostic.running')}</Text>;
  const color = data.worst === 'fail' ? th.error : data.worst === 'warn' ? th.warning : th.success;
  return (
    <Box flexDirection="column">
      <Text color={color} bold>
        {t(`doctor.summary.${data.worst}`)}
      </Text>
      <EntryView lines={checkLines(data.checks, t)} width={width} height={height - 1} />
    </Box>
  );
}
