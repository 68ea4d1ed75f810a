import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { ValidationError } from '../services/errors.js';
import { errorMessage, formatMessage } from '../services/i18n/index.js';
import { changeOwnPassword } from '../services/users/index.js';
import { Field } from './components/Field.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useDirty } from './hooks.js';
import { useCommands } from './keys/react.js';
import type { ScreenProps } from './types.js';
import { useFocusRing } from './useFocusRing.js';

const FIELDS = ['current_password', 'password', 'confirm_password'] as const;

/** Options-Utilisateurs › Maintenance › Mot de passe: change one's own password. */
export function PasswordScreen(_props: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [values, setValues] = useState<Record<string, string>>({ current_password: '', password: '', confirm_password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const th = useTheme();
  const { focus, setFocus } = useFocusRing(FIELDS.length);
  const [saved, setSaved] = useState(false);
  useDirty(!saved && Object.values(values).some(Boolean));

  const save = async (last?: string) => {
    const v = last === undefined ? values : { ...values, confirm_password: last };
    if (v.password !== v.confirm_password) return setErrors({ confirm_password: t('validation.passwordMismatch') });
    try {
      await changeOwnPassword(db, session.actor, v.current_password!, v.password!);
      setSaved(true);
      store.getState().setFlash({ kind: 'success', text: t('password.changed') });
      store.getState().pop();
    } catch (e) {
      if (e instanceof ValidationError)
        setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, formatMessage(lang, f.key, f.params)])));
      else store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    }
  };
  useCommands({ 'form.save': () => void save() });
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
