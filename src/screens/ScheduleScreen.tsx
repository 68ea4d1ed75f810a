import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { ValidationError } from '../services/errors.js';
import { errorMessage, formatMessage, translateDynamic } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import { getSchedule, getUser, setSchedule, type ScheduleRange } from '../services/users/index.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useTitle } from './hooks.js';
import { useUserPart } from './useUserPart.js';
import { useCommands, useHoldKeys } from './keys/react.js';
import type { ScreenProps } from './types.js';

/** Utilisateurs › user › Horaire pour connexion à Prextra: allowed time ranges per weekday (none = any time). */
export function ScheduleScreen({ route, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const code = String(route.params?.code ?? '');
  const [row, setRow] = useState(0);
  const [col, setCol] = useState(0); // 0 weekday, 1 start, 2 end
  const [errors, setErrors] = useState<Record<string, string>>({});
  const th = useTheme();

  const part = useUserPart(async () => {
    const user = await getUser(db, session.actor, code);
    const [value, level] = await Promise.all([getSchedule(db, user.id), levelOf(db, session.actor.id, FUNCTIONS.users)]);
    return { user, value, level };
  }, [db, session.actor, code]);
  const { user, value: ranges, setValue: setRanges, readOnly, dirty } = part;
  useTitle(t('screen.schedule'));

  const update = (i: number, patch: Partial<ScheduleRange>) => setRanges((rs) => rs!.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    if (readOnly || !ranges || !user) return;
    try {
      await setSchedule(db, session.actor, user.code, ranges);
      part.saved();
      setErrors({});
      store.getState().setFlash({ kind: 'success', text: t('app.saved') });
    } catch (e) {
      if (e instanceof ValidationError)
        setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, formatMessage(lang, v.key, v.params)])));
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    }
  };
  const count = ranges?.length ?? 0;
  const moveCell = (delta: number) => {
    const max = count * 3;
    const p = (row * 3 + col + delta + max) % max;
    setRow(Math.floor(p / 3));
    setCol(p % 3);
  };
  const cycleDay = (delta: number) => {
    const w = ranges![row]!.weekday;
    update(row, { weekday: ((w - 1 + delta + 7) % 7) + 1 });
  };
  const editable = !readOnly && !!ranges;
  // Keys typed before the schedule is read (Ctrl-T a) wait for it instead of being dropped.
  useHoldKeys(!ranges || !user);
  useCommands({
    'form.save': editable && (() => void save()),
    'cell.next': count > 0 && (() => moveCell(1)),
    'cell.prev': count > 0 && (() => moveCell(-1)),
    'list.up': row > 0 && (() => setRow(row - 1)),
    'list.down': row < count - 1 && (() => setRow(row + 1)),
    'field.nextChoice': editable && col === 0 && count > 0 && (() => cycleDay(1)),
    'field.prevChoice': editable && col === 0 && count > 0 && (() => cycleDay(-1)),
    'schedule.add':
      editable &&
      (() => {
        const last = ranges![ranges!.length - 1];
        const next: ScheduleRange = {
          weekday: last ? Math.min(7, last.weekday + 1) : 1,
          start: last?.start ?? '08:00',
          end: last?.end ?? '17:00',
        };
        setRanges([...ranges!, next]);
        setRow(ranges!.length);
        setCol(0);
      }),
    // Nothing is lost before Ctrl-S (leaving without saving asks first): no question here.
    'schedule.delete':
      editable &&
      count > 0 &&
      (() => {
        setRanges(ranges!.filter((_, j) => j !== row));
        setRow((r) => Math.max(0, Math.min(r, count - 2)));
        setCol(0);
      }),
  });

  if (!ranges || !user) return <Text color={th.muted}>{t('app.loading')}</Text>;
  const visible = Math.max(1, height - 5);
  const start = Math.max(0, Math.min(row - visible + 1, ranges.length - visible));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={th.accent} paddingX={1} height={height}>
      <Text bold wrap="truncate-end">
        {t('screen.schedule')} — {user.code} ({user.name}) {readOnly ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
        {dirty ? <Text color={th.warning}> *</Text> : null}
      </Text>
      <Text color={th.muted} wrap="wrap">
        {t('schedule.hint')}
      </Text>
      <Text bold color={th.accent}>
        {t('field.weekday').padEnd(14)} {t('field.start').padEnd(8)} {t('field.end')}
      </Text>
      {ranges.length === 0 ? <Text color={th.muted}>{t('schedule.none')}</Text> : null}
      {ranges.slice(start, start + visible).map((r, k) => {
        const i = start + k;
        const on = i === row;
        return (
          <Box key={i}>
            <Box width={15}>
              <Text inverse={on && col === 0}>{`‹ ${translateDynamic(lang, `weekday.${r.weekday}`)} ›`.padEnd(14)}</Text>
            </Box>
            <Box width={9}>
              <TextInput
                value={r.start}
                onChange={(v) => update(i, { start: v })}
                focus={on && col === 1 && !readOnly}
                width={6}
                maxLength={5}
              />
            </Box>
            <Box width={9}>
              <TextInput
                value={r.end}
                onChange={(v) => update(i, { end: v })}
                focus={on && col === 2 && !readOnly}
                width={6}
                maxLength={5}
              />
            </Box>
            {errors[`range${i}`] ? (
              <Text color={th.error} wrap="truncate-end">
                {errors[`range${i}`]}
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}
