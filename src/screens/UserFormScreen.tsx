import React, { useEffect, useState, useMemo } from 'react';
import { Box, Text } from 'ink';
import { allCompanies, type Company } from '../services/companies.js';
import { ValidationError, type FieldError } from '../services/errors.js';
import { datePattern, errorMessage, formatDateTime, formatMessage, translateDynamic } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import {
  createUser,
  getUser,
  newUserDefaults,
  unlockUser,
  updateUser,
  validateUser,
  type UserInput,
  type UserRecord,
} from '../services/users/index.js';
import { USER_FIELDS } from '../services/userFields.js';
import { Buttons } from './components/Buttons.js';
import { Checklist, toggle } from './components/Checklist.js';
import { Field, fieldHeight, type FieldValue } from './components/Field.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useDirty, useTitle } from './hooks.js';
import { useCommands, useHoldKeys } from './keys/react.js';
import { useDraft, useRestoreDraft } from './drafts.js';
import { goBack } from './navigation.js';
import type { ScreenProps } from './types.js';
import { useFocusRing } from './useFocusRing.js';
import { fromFormValues, optionsFor, recordToInput, toFormValues, type FormValues } from './userFormModel.js';

const BUTTONS = ['schedule', 'rights', 'save', 'close'] as const;
type ButtonId = (typeof BUTTONS)[number];

/** Utilisateurs › user form: every field of the original, in its order. */
export function UserFormScreen({ route, width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db, google } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const code = route.params?.code as string | undefined;
  const isNew = !code;
  const [record, setRecord] = useState<UserRecord | null>(null);
  const [companies, setCompanies] = useState<Company[]>([]);
  const [initial, setInitial] = useState<string>('');
  const [values, setValues] = useState<FormValues>(() => toFormValues(newUserDefaults(session.companyCode), lang));
  const [checked, setChecked] = useState<string[]>(() => (session.companyCode ? [session.companyCode] : []));
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [readOnly, setReadOnly] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const th = useTheme();

  const fields = USER_FIELDS;
  // Focus order: the fields, the Compagnies permises list, then the buttons.
  const listIndex = fields.length;
  const firstButton = listIndex + 1;
  const { focus, setFocus } = useFocusRing(firstButton + BUTTONS.length);
  const loaded = initial !== '';
  // Keys typed before the record is there wait for it (they would land on blank defaults).
  useHoldKeys(!loaded && loadError === null);

  function load(u: UserRecord) {
    const v = toFormValues(recordToInput(u), lang);
    setRecord(u);
    setValues(v);
    setChecked(u.companies);
    setInitial(JSON.stringify([v, u.companies]));
  }

  useEffect(() => {
    let alive = true;
    (async () => {
      const [comps, level] = await Promise.all([allCompanies(db), levelOf(db, session.actor.id, FUNCTIONS.users)]);
      if (!alive) return;
      setCompanies(comps);
      setReadOnly(level !== 'modification');
      if (code) {
        const u = await getUser(db, session.actor, code);
        if (alive) load(u);
      } else setInitial(JSON.stringify([values, checked]));
    })().catch((e) => alive && setLoadError(errorMessage(e, lang)));
    return () => {
      alive = false;
    };
    // Loaded once per user: the values typed since are the form's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code, db]);

  const dirty = loaded && JSON.stringify([values, checked]) !== initial;
  useDirty(dirty);
  // What a draft keeps: only the fields changed (put back on the record as it is then).
  const draft = useMemo(() => {
    if (!dirty) return null;
    const [before, beforeChecked] = JSON.parse(initial) as [FormValues, string[]];
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => before[k as keyof FormValues] !== v));
    return { values: changed, ...(JSON.stringify(beforeChecked) !== JSON.stringify(checked) ? { checked } : {}) };
  }, [dirty, initial, values, checked]);
  useDraft(code ?? '', draft);
  useRestoreDraft(loaded, (content) => {
    const c = content as { values?: Partial<FormValues>; checked?: string[] };
    setValues((v) => ({ ...v, ...c.values }) as FormValues);
    if (c.checked) setChecked(c.checked);
  });
  useTitle(record ? `${record.code} — ${record.name}` : isNew ? t('screen.newUser') : null);

  const setValue = (name: string, v: FieldValue) => {
    setValues((old) => ({ ...old, [name]: v }) as FormValues);
    if (errors[name]) setErrors(({ [name]: _gone, ...rest }) => rest);
  };

  /** The service's checks on what parsed (the stored value stands in for what did not). */
  async function otherFieldErrors(input: UserInput): Promise<Record<string, FieldError>> {
    const stored: Record<string, unknown> = record ? recordToInput(record) : {};
    const merged: Record<string, unknown> = { ...stored, ...input };
    const unchanged = new Set(Object.keys(merged).filter((k) => merged[k] === stored[k]));
    try {
      return await validateUser(db, merged as UserInput, record?.id ?? null, unchanged);
    } catch {
      return {}; // the database unreachable: the parse errors alone, saving will say the rest
    }
  }

  async function save() {
    if (readOnly || saving || !loaded) return;
    // An existing user with nothing changed: nothing to write (the row version stays).
    if (!isNew && !dirty) return store.getState().setFlash({ kind: 'info', text: t('form.nothingToSave') });
    const { input, errors: local } = fromFormValues(values, checked, lang);
    if (Object.keys(local).length) {
      // The other fields checked too, as saving would: every error shows on this Ctrl-S.
      const all = { ...(await otherFieldErrors(input)), ...local };
      setErrors(all);
      store.getState().setFlash({ kind: 'error', text: t('form.fixErrors', { count: Object.keys(all).length }) });
      return;
    }
    setSaving(true);
    try {
      const saved = isNew
        ? await createUser(db, session.actor, input)
        : await updateUser(db, session.actor, record!.code, input, record!.row_version, { google });
      setErrors({});
      if (isNew) store.getState().replace({ screen: 'userForm', params: { code: saved.code } });
      else load(saved);
      store.getState().setFlash({ kind: 'success', text: `${t('app.saved')} ${saved.code}` });
    } catch (e) {
      if (e instanceof ValidationError) setErrors({ ...e.fields });
      store.getState().setFlash({
        kind: 'error',
        text: e instanceof ValidationError ? t('form.fixErrors', { count: Object.keys(e.fields).length }) : errorMessage(e, lang),
      });
    } finally {
      setSaving(false);
    }
  }

  /** Horaire and Droits are routes above the form: the form and its edits stay underneath. */
  function openSub(screen: 'schedule' | 'rights') {
    if (!record) return store.getState().setFlash({ kind: 'error', text: t('userForm.saveFirst') });
    store.getState().push({ screen, params: { code: record.code } });
  }

  function unlock(u: UserRecord) {
    unlockUser(db, session.actor, u.code).then(
      async () => {
        const fresh = await getUser(db, session.actor, u.code);
        setRecord(fresh);
        store.getState().setFlash({ kind: 'success', text: t('userForm.unlocked', { code: u.code }) });
      },
      (e) => store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) }),
    );
  }

  function press(b: ButtonId) {
    if (b === 'save') void save();
    else if (b === 'close') goBack(store, t);
    else openSub(b);
  }

  const locked = !!record?.locked_until && new Date(record.locked_until) > new Date();
  useCommands({
    'form.save': !readOnly && loaded && (() => void save()),
    'user.schedule': !!record && (() => openSub('schedule')),
    'user.rights': !!record && (() => openSub('rights')),
    'user.unlock': locked && !readOnly && (() => unlock(record!)),
    'user.prefs': !!record && (() => store.getState().push({ screen: 'prefs', params: { code: record!.code } })),
  });

  if (loadError) return <Text color={th.error}>{loadError}</Text>;

  const wide = width >= 110;
  // The focus marker (2) + the longest label (30) + a space.
  const labelWidth = 33;
  const columnWidth = wide ? labelWidth + 34 + 40 : width;
  // The input takes what the label and the widest suffix (JJ/MM/AAAA, Minutes) leave.
  const inputWidth = wide ? 34 : Math.max(20, columnWidth - labelWidth - 12);
  const listHeight = Math.min(companies.length + 1, 6);
  const msg = (name: string) => (errors[name] ? formatMessage(lang, errors[name]!.key, errors[name]!.params) : null);
  // The fields shown: a window around the focused one, each field as tall as its message needs.
  const heights = fields.map((f) => fieldHeight(msg(f.name), columnWidth, labelWidth));
  // Below the fields: the buttons, the lock notice, and when not every field fits, the line saying which show.
  const room = height - 1 - (locked ? 1 : 0) - (wide ? 0 : listHeight);
  const scrolled = heights.reduce((n, h) => n + h, 0) > room;
  const fieldsHeight = Math.max(1, room - (scrolled ? 1 : 0));
  const fieldFocus = Math.min(focus, fields.length - 1);
  let start = fieldFocus;
  let end = fieldFocus + 1;
  let used = heights[fieldFocus]!;
  for (let grew = true; grew;) {
    grew = false;
    // Below first while the focus sits in the upper half, then above.
    if (end < fields.length && used + heights[end]! <= fieldsHeight && (end - fieldFocus <= fieldFocus - start || start === 0)) {
      used += heights[end++]!;
      grew = true;
    } else if (start > 0 && used + heights[start - 1]! <= fieldsHeight) {
      used += heights[--start]!;
      grew = true;
    } else if (end < fields.length && used + heights[end]! <= fieldsHeight) {
      used += heights[end++]!;
      grew = true;
    }
  }
  const shown = fields.slice(start, end);

  const fieldColumn = (
    <Box flexDirection="column" flexShrink={0} width={columnWidth}>
      {shown.map((f) => {
        const i = fields.indexOf(f);
        const kind = !isNew && f.name === 'code' ? 'readonly' : f.kind;
        return (
          <Field
            key={f.name}
            label={translateDynamic(lang, `field.${f.name}`)}
            kind={kind}
            value={values[f.name] ?? ''}
            onChange={(v) => setValue(f.name, v)}
            focus={focus === i}
            error={msg(f.name)}
            options={optionsFor(f, companies, lang)}
            readOnly={readOnly}
            labelWidth={labelWidth}
            inputWidth={inputWidth}
            suffix={f.unit ? t(f.unit) : f.kind === 'date' && focus === i ? datePattern(lang) : undefined}
            maxLength={f.maxLength}
            width={columnWidth}
            onSubmit={() => setFocus(i + 1)}
          />
        );
      })}
      {scrolled ? (
        <Text color={th.muted} wrap="truncate-end">
          {t('userForm.fieldsShown', { first: start + 1, last: end, total: fields.length })}
        </Text>
      ) : null}
    </Box>
  );
  const list = (
    <Checklist
      title={t('field.companies')}
      items={companies.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))}
      checked={checked}
      focus={focus === listIndex}
      readOnly={readOnly}
      onToggle={(value) => setChecked((c) => toggle(c, value))}
      height={wide ? fieldsHeight : listHeight}
      error={msg('companies')}
    />
  );
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {wide ? (
        <Box>
          {fieldColumn}
          <Box marginLeft={2} flexDirection="column">
            {list}
          </Box>
        </Box>
      ) : (
        <Box flexDirection="column" flexShrink={0}>
          {fieldColumn}
          {list}
        </Box>
      )}
      {locked ? (
        <Text color={th.warning} wrap="truncate-end">
          {t('userForm.locked', { until: formatDateTime(record!.locked_until, lang) })}
        </Text>
      ) : null}
      <Box gap={2}>
        <Buttons
          buttons={BUTTONS.map((b) => ({
            id: b,
            label: t(wide ? `button.${b}` : `button.${b}Short`),
            bold: b === 'save',
            muted: readOnly && b === 'save',
          }))}
          focused={focus - firstButton}
          onPress={press}
          onFocus={(i) => setFocus(firstButton + i)}
        />
        {readOnly ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
        {saving ? <Text color={th.muted}>…</Text> : null}
      </Box>
    </Box>
  );
}
