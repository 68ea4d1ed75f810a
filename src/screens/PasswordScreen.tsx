import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { ValidationError } from '../services/errors.js';
import { errorMessage, t } from '../services/i18n/index.js';
import { changeOwnPassword } from '../services/users/index.js';
import { isKey } from '../state/keymap.js';
import { Field } from './components/Field.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useBack, useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';

const FIELDS = ['current_password', 'password', 'confirm_password'] as const;

/** Options-Utilisateurs › Maintenance › Mot de passe: change one's own password. */
export function PasswordScreen(_props: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [values, setValues] = useState<Record<string, string>>({ current_password: '', password: '', confirm_password: '' });
  const [focus, setFocus] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const back = useBack();
  const th = theme();
  useScreenKeys(['form', 'global'], true);
  const dirty = Object.values(values).some(Boolean);
  React.useEffect(() => {
    store.getState().setDirty(dirty);
  }, [dirty]);

  const save = async (last?: string) => {
    const v = last === undefined ? values : { ...values, confirm_password: last };
    if (v.password !== v.confirm_password) return setErrors({ confirm_password: t('validation.passwordMismatch') });
    try {
      await changeOwnPassword(db, session.actor, v.current_password!, v.password!);
      store.getState().setDirty(false);
      store.getState().setFlash({ kind: 'success', text: t('password.changed') });
      store.getState().pop();
    } catch (e) {
      if (e instanceof ValidationError) setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, t(f.key, f.params)])));
      else store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    }
  };
  useScreenInput((input, key) => {
    if (isKey('save', input, key)) return void save();
    if (isKey('back', input, key)) return back();
    if (key.tab || key.downArrow) setFocus((f) => (key.shift ? (f + 2) % 3 : (f + 1) % 3));
    else if (key.upArrow) setFocus((f) => (f + 2) % 3);
  });
  return (
    <Box flexDirection="column">
      <Text bold>
        {t('option.password')} — {session.actor.code}
      </Text>
      <Text color={th.muted}>{t('password.hint')}</Text>
      {FIELDS.map((name, i) => (
        <Field
          key={name}
          label={t(`field.${name}`)}
          kind="password"
          value={values[name]!}
          onChange={(v) => {
            setValues({ ...values, [name]: String(v) });
            setErrors({});
          }}
          focus={focus === i}
          error={errors[name]}
          labelWidth={30}
          inputWidth={30}
          onSubmit={() => (i < 2 ? setFocus(i + 1) : void save())}
        />
      ))}
    </Box>
  );
}
