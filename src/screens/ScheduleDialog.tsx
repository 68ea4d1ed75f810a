import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { ValidationError } from '../services/errors.js';
import { errorMessage, t } from '../services/i18n/index.js';
import { getSchedule, setSchedule, type ScheduleRange, type UserRecord } from '../services/users/index.js';
import { isKey } from '../state/keymap.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';

interface Props {
  readonly user: UserRecord;
  readonly readOnly: boolean;
  readonly height: number;
  readonly onClose: () => void;
}

/** Horaire pour connexion à Prextra: allowed time ranges per weekday (none = any time). */
export function ScheduleDialog({ user, readOnly, height, onClose }: Props) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [ranges, setRanges] = useState<ScheduleRange[] | null>(null);
  const [initial, setInitial] = useState('');
  const [row, setRow] = useState(0);
  const [col, setCol] = useState(0); // 0 weekday, 1 start, 2 end
  const [errors, setErrors] = useState<Record<string, string>>({});
  const th = theme();
  useScreenKeys(['schedule', 'form', 'global'], col > 0 && !readOnly);

  useEffect(() => {
    getSchedule(db, user.id).then(
      (r) => {
        setRanges(r);
        setInitial(JSON.stringify(r));
      },
      (e) => store.getState().setFlash({ kind: 'error', text: errorMessage(e) }),
    );
  }, [user.id]);
  useEffect(() => {
    store.getState().setCrumbExtra(`${user.code} › ${t('screen.schedule')}`);
    return () => store.getState().setCrumbExtra(`${user.code} — ${user.name}`);
  }, []);

  const dirty = ranges !== null && JSON.stringify(ranges) !== initial;
  const update = (i: number, patch: Partial<ScheduleRange>) => setRanges((rs) => rs!.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const close = () => {
    if (!dirty) return onClose();
    store.getState().confirm({ message: t('app.unsavedConfirm'), dangerous: true, onYes: onClose });
  };

  const save = async () => {
    if (readOnly || !ranges) return;
    try {
      await setSchedule(db, session.actor, user.code, ranges);
      setInitial(JSON.stringify(ranges));
      setErrors({});
      store.getState().setFlash({ kind: 'success', text: t('app.saved') });
    } catch (e) {
      if (e instanceof ValidationError) setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, t(v.key, v.params)])));
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    }
  };

  useScreenInput((input, key) => {
    if (!ranges) return;
    if (isKey('back', input, key)) return close();
    if (isKey('save', input, key)) return void save();
    if (key.tab) {
      const pos = row * 3 + col + (key.shift ? -1 : 1);
      const max = ranges.length * 3;
      const p = (pos + max) % Math.max(1, max);
      setRow(Math.floor(p / 3));
      setCol(p % 3);
      return;
    }
    if (key.downArrow) return setRow((r) => Math.min(ranges.length - 1, r + 1));
    if (key.upArrow) return setRow((r) => Math.max(0, r - 1));
    if (readOnly) return;
    if (col === 0) {
      if (isKey('addRange', input, key)) {
        const last = ranges[ranges.length - 1];
        const next: ScheduleRange = {
          weekday: last ? Math.min(7, last.weekday + 1) : 1,
          start: last?.start ?? '08:00',
          end: last?.end ?? '17:00',
        };
        setRanges([...ranges, next]);
        setRow(ranges.length);
        return;
      }
      if (isKey('deleteRange', input, key) && ranges[row]) {
        setRanges(ranges.filter((_, j) => j !== row));
        setRow((r) => Math.max(0, r - 1));
        return;
      }
      if (ranges[row] && (key.leftArrow || key.rightArrow || input === ' ')) {
        const w = ranges[row]!.weekday;
        update(row, { weekday: key.leftArrow ? ((w + 5) % 7) + 1 : (w % 7) + 1 });
      }
    }
  });

  if (!ranges) return <Text color={th.muted}>{t('app.loading')}</Text>;
  const visible = Math.max(1, height - 6);
  const start = Math.max(0, Math.min(row - visible + 1, ranges.length - visible));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={th.accent} paddingX={1} height={height}>
      <Text bold>
        {t('screen.schedule')} — {user.code} ({user.name})
      </Text>
      <Text color={th.muted}>{t('schedule.hint')}</Text>
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
              <Text inverse={on && col === 0}>{`‹ ${t(`weekday.${r.weekday}`)} ›`.padEnd(14)}</Text>
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
            {errors[`range${i}`] ? <Text color={th.error}>{errors[`range${i}`]}</Text> : null}
          </Box>
        );
      })}
    </Box>
  );
}
