import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { allCompanies, type Company } from '../services/companies.js';
import { ValidationError, type FieldError } from '../services/errors.js';
import { datePattern, errorMessage, formatDateTime, t } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import { createUser, getUser, newUserDefaults, unlockUser, updateUser, type UserRecord } from '../services/users/index.js';
import { USER_FIELDS } from '../services/userFields.js';
import { isKey } from '../state/keymap.js';
import { Checklist, toggle } from './components/Checklist.js';
import { Field, type FieldValue } from './components/Field.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useBack, useScreenInput, useScreenKeys } from './hooks.js';
import { ScheduleDialog } from './ScheduleDialog.js';
import { RightsView } from './RightsView.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';
import { fromFormValues, optionsFor, recordToInput, toFormValues, type FormValues } from './userFormModel.js';

const BUTTONS = ['schedule', 'rights', 'save', 'close'] as const;
type Sub = null | 'schedule' | 'rights';

/** Utilisateurs › user form: every field of the original, in its order. */
export function UserFormScreen({ route, width, height }: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const code = route.params?.code as string | undefined;
  const isNew = !code;
  const [record, setRecord] = useState<UserRecord | null>(null);
  const [companies, setCompanies] = useState<Company[]>([]);
  const [initial, setInitial] = useState<string>('');
  const [values, setValues] = useState<FormValues>(() => toFormValues(newUserDefaults(session.companyCode)));
  const [checked, setChecked] = useState<string[]>(() => (session.companyCode ? [session.companyCode] : []));
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [readOnly, setReadOnly] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [focus, setFocus] = useState(0);
  const [listCursor, setListCursor] = useState(0);
  const [dropdownOpen, setDropdownOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [sub, setSub] = useState<Sub>(null);
  const back = useBack();
  const th = theme();

  const fields = USER_FIELDS;
  // Focus order: the fields, the Compagnies permises list, then the buttons.
  const listIndex = fields.length;
  const firstButton = listIndex + 1;
  const count = firstButton + BUTTONS.length;
  const focusedField = focus < listIndex ? fields[focus] : undefined;
  // The code of an existing user is shown, not edited: it takes no typed keys.
  const typing =
    !readOnly && !!focusedField && !(focusedField.createOnly && !isNew) && ['text', 'date', 'int', 'multiline'].includes(focusedField.kind);
  useScreenKeys(['form', 'global'], typing, sub === null);

  useEffect(() => {
    let alive = true;
    (async () => {
      const [comps, level] = await Promise.all([allCompanies(db), levelOf(db, session.actor.id, FUNCTIONS.users)]);
      if (!alive) return;
      setCompanies(comps);
      setReadOnly(level !== 'modification');
      if (code) {
        const u = await getUser(db, session.actor, code);
        if (!alive) return;
        load(u);
      } else {
        setInitial(JSON.stringify([values, checked]));
      }
    })().catch((e) => alive && setLoadError(errorMessage(e)));
    return () => {
      alive = false;
    };
  }, [code]);

  function load(u: UserRecord) {
    const v = toFormValues(recordToInput(u));
    setRecord(u);
    setValues(v);
    setChecked(u.companies);
    setInitial(JSON.stringify([v, u.companies]));
    store.getState().setCrumbExtra(`${u.code} — ${u.name}`);
  }

  const dirty = initial !== '' && JSON.stringify([values, checked]) !== initial;
  useEffect(() => {
    store.getState().setDirty(dirty);
  }, [dirty]);
  useEffect(() => {
    if (isNew) store.getState().setCrumbExtra(t('screen.newUser'));
  }, [isNew]);

  const setValue = (name: string, v: FieldValue) => {
    setValues((old) => ({ ...old, [name]: v }) as FormValues);
    if (errors[name]) setErrors(({ [name]: _gone, ...rest }) => rest);
  };

  async function save() {
    if (readOnly || saving) return;
    const { input, errors: local } = fromFormValues(values, checked);
    if (Object.keys(local).length) {
      setErrors(local);
      store.getState().setFlash({ kind: 'error', text: t('form.fixErrors', { count: Object.keys(local).length }) });
      return;
    }
    setSaving(true);
    try {
      const saved = isNew
        ? await createUser(db, session.actor, input)
        : await updateUser(db, session.actor, record!.code, input, record!.row_version);
      setErrors({});
      store.getState().setDirty(false);
      if (isNew) {
        store.getState().replace({ screen: 'userForm', params: { code: saved.code } });
      } else load(saved);
      store.getState().setFlash({ kind: 'success', text: `${t('app.saved')} ${saved.code}` });
    } catch (e) {
      if (e instanceof ValidationError) setErrors({ ...e.fields });
      store.getState().setFlash({
        kind: 'error',
        text: e instanceof ValidationError ? t('form.fixErrors', { count: Object.keys(e.fields).length }) : errorMessage(e),
      });
    } finally {
      setSaving(false);
    }
  }

  function openSub(which: Exclude<Sub, null>) {
    if (!record) {
      store.getState().setFlash({ kind: 'error', text: t('userForm.saveFirst') });
      return;
    }
    setSub(which);
  }

  function activateButton(b: (typeof BUTTONS)[number]) {
    if (b === 'save') void save();
    else if (b === 'close') back();
    else openSub(b);
  }

  useScreenInput((input, key) => {
    if (dropdownOpen) return;
    if (isKey('save', input, key)) return void save();
    if (isKey('back', input, key)) return back();
    if (isKey('schedule', input, key)) return openSub('schedule');
    if (isKey('rights', input, key)) return openSub('rights');
    if (isKey('unlock', input, key) && record?.locked_until && !readOnly) {
      return void unlockUser(db, session.actor, record.code).then(
        async () => {
          load(await getUser(db, session.actor, record.code));
          store.getState().setFlash({ kind: 'success', text: t('userForm.unlocked', { code: record.code }) });
        },
        (e) => store.getState().setFlash({ kind: 'error', text: errorMessage(e) }),
      );
    }
    if (isKey('userPrefs', input, key) && record) {
      if (dirty) return store.getState().setFlash({ kind: 'error', text: t('userForm.saveFirst') });
      return store.getState().push({ screen: 'prefs', params: { code: record.code } });
    }
    const inList = focus === listIndex;
    const onButtons = focus >= firstButton;
    if (inList && (key.upArrow || key.downArrow || input === ' ')) {
      if (input === ' ') {
        if (!readOnly && companies[listCursor]) setChecked((c) => toggle(c, companies[listCursor]!.code));
        return;
      }
      if (key.downArrow && listCursor < companies.length - 1) return setListCursor(listCursor + 1);
      if (key.upArrow && listCursor > 0) return setListCursor(listCursor - 1);
    }
    if (onButtons && (key.leftArrow || key.rightArrow)) {
      const b = focus - firstButton;
      return setFocus(firstButton + ((b + (key.rightArrow ? 1 : BUTTONS.length - 1)) % BUTTONS.length));
    }
    if (onButtons && key.return) return activateButton(BUTTONS[focus - firstButton]!);
    const multiline = focusedField?.kind === 'multiline';
    // Enter in a text field moves on through the field's onSubmit (it may arrive with the text).
    const textual = focusedField && ['text', 'date', 'int', 'readonly'].includes(focusedField.kind) && !readOnly;
    if (
      key.tab ||
      (key.downArrow && !multiline) ||
      (key.return && focusedField && focusedField.kind !== 'select' && !multiline && !textual)
    ) {
      setFocus((f) => (key.shift ? (f - 1 + count) % count : (f + 1) % count));
    } else if (key.upArrow && !multiline) setFocus((f) => (f - 1 + count) % count);
  }, sub === null);

  if (loadError) return <Text color={th.error}>{loadError}</Text>;
  if (sub === 'schedule' && record)
    return <ScheduleDialog user={record} readOnly={readOnly} height={height} onClose={() => setSub(null)} />;
  if (sub === 'rights' && record) return <RightsView user={record} height={height} width={width} onClose={() => setSub(null)} />;

  const wide = width >= 110;
  // The focus marker (2) + the longest label (30) + a space.
  const labelWidth = 33;
  const inputWidth = wide ? 34 : Math.max(20, Math.min(34, width - labelWidth - 26));
  const fieldsHeight = height - 2 - (wide ? 0 : Math.min(companies.length + 1, 6));
  // Scroll the field column so the focused field stays visible.
  const fieldFocus = Math.min(focus, fields.length - 1);
  const start = Math.max(0, Math.min(fieldFocus - Math.floor(fieldsHeight / 2), fields.length - fieldsHeight));
  const shown = fields.slice(start, start + Math.max(1, fieldsHeight));
  const msg = (name: string) => (errors[name] ? t(errors[name]!.key, errors[name]!.params) : null);

  const fieldColumn = (
    <Box flexDirection="column" width={wide ? labelWidth + inputWidth + 40 : width}>
      {shown.map((f) => {
        const i = fields.indexOf(f);
        const kind = !isNew && f.name === 'code' ? 'readonly' : f.kind;
        return (
          <Field
            key={f.name}
            label={t(`field.${f.name}`)}
            kind={kind}
            value={values[f.name] ?? ''}
            onChange={(v) => setValue(f.name, v)}
            focus={focus === i && sub === null}
            error={msg(f.name)}
            options={optionsFor(f, companies)}
            readOnly={readOnly}
            labelWidth={labelWidth}
            inputWidth={inputWidth}
            suffix={f.unit ? t(f.unit) : f.kind === 'date' && focus === i ? datePattern() : undefined}
            maxLength={f.maxLength}
            onDropdown={setDropdownOpen}
            onSubmit={() => setFocus(i + 1)}
          />
        );
      })}
    </Box>
  );
  const list = (
    <Checklist
      title={t('field.companies')}
      items={companies.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))}
      checked={checked}
      cursor={focus === listIndex ? listCursor : -1}
      height={wide ? fieldsHeight : Math.min(companies.length + 1, 6)}
      error={msg('companies')}
    />
  );
  return (
    <Box flexDirection="column" height={height}>
      {wide ? (
        <Box>
          {fieldColumn}
          <Box marginLeft={2} flexDirection="column">
            {list}
          </Box>
        </Box>
      ) : (
        <Box flexDirection="column">
          {fieldColumn}
          {list}
        </Box>
      )}
      {record?.locked_until && new Date(record.locked_until) > new Date() ? (
        <Text color={th.warning} wrap="truncate-end">
          {t('userForm.locked', { until: formatDateTime(record.locked_until) })}
        </Text>
      ) : null}
      <Box marginTop={0} gap={2}>
        {BUTTONS.map((b, i) => (
          <Text key={b} inverse={focus === firstButton + i} bold={b === 'save'} color={readOnly && b === 'save' ? th.muted : undefined}>
            {`[ ${t(wide ? `button.${b}` : `button.${b}Short`)} ]`}
          </Text>
        ))}
        {readOnly ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
        {saving ? <Text color={th.muted}>…</Text> : null}
      </Box>
    </Box>
  );
}
