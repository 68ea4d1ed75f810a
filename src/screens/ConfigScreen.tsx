import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { listConfig, setConfig, type ConfigEntry } from '../services/config.js';
import { errorMessage, formatDateTime, type Lang, translateDynamic } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import { ListView, listPage } from './components/ListView.js';
import { sizeColumns } from './components/Table.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useAsync, useDirty } from './hooks.js';
import { useCommands } from './keys/react.js';
import type { ScreenProps } from './types.js';
import { arraySource } from './lists/source.js';
import { useList } from './lists/useList.js';
import { useDataChanges } from './dataChanges.js';

interface Editing {
  readonly key: string;
  readonly value: string;
  readonly secret: boolean;
  readonly initial: string;
}

const updated = (lang: Lang, e: ConfigEntry) => (e.updatedAt ? `${formatDateTime(e.updatedAt, lang)} ${e.updatedBy ?? ''}` : '');
/** What a key is, in the user's language (its name stays shown below the list). */
const label = (lang: Lang, key: string) => translateDynamic(lang, `field.${key}`);

/**
 * Configuration: the settings, secrets masked; Enter edits a value (with the right). An
 * empty secret keeps the one stored; clearing a value (Del, or emptying it) asks first.
 */
export function ConfigScreen({ width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [editing, setEditing] = useState<Editing | null>(null);
  const th = useTheme();
  const { data, error, reload } = useAsync(
    async () => ({ rows: await listConfig(db, session.actor), level: await levelOf(db, session.actor.id, FUNCTIONS.config) }),
    [],
  );
  // Changed elsewhere (config set from the CLI): read again.
  useDataChanges(reload);
  const readOnly = data?.level !== 'modification';
  const columns = sizeColumns<ConfigEntry>(width - 1, [
    { header: t('field.setting'), width: 32, value: (e) => label(lang, e.key) },
    { header: t('field.value'), width: 'flex', value: (e) => e.display },
    { header: t('field.updated'), width: 26, value: (e) => updated(lang, e) },
  ]);
  const source = useMemo(
    () =>
      arraySource(
        data?.rows ?? [],
        (e) => [label(lang, e.key), e.display, updated(lang, e), e.key],
        (e) => e.key,
      ),
    [data, lang],
  );
  // The key's name under the list; the editor's lines when it is open; the read-only line.
  const list = useList({
    source,
    page: listPage(height - 1 - (editing ? (editing.secret ? 5 : 3) : 0) - (readOnly && data ? 1 : 0)),
    columns: columns.length,
    active: editing === null,
    onOpen: (e) => {
      if (readOnly) return store.getState().setFlash({ kind: 'error', text: t('app.readOnly') });
      // A secret is never shown, not even to edit it: the field starts empty.
      const value = e.secret ? '' : e.display;
      setEditing({ key: e.key, value, secret: e.secret, initial: value });
    },
  });
  useDirty(!!editing && editing.value !== editing.initial);

  const write = async (key: string, value: string, done: string) => {
    try {
      await setConfig(db, session.actor, key, value);
      store.getState().setFlash({ kind: 'success', text: done });
      setEditing(null);
      reload();
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    }
  };
  const save = (typed?: string) => {
    if (!editing) return;
    const value = typed ?? editing.value;
    const name = label(lang, editing.key);
    // Nothing typed in a secret's field means "keep it", never "wipe it".
    if (editing.secret && value.trim() === '') {
      setEditing(null);
      return store.getState().setFlash({ kind: 'info', text: t('config.secretKept', { label: name }) });
    }
    // Emptying a value that is set clears it: asked first.
    const entry = data?.rows.find((r) => r.key === editing.key);
    if (value.trim() === '' && entry?.isSet)
      return store.getState().confirm({
        message: t('config.clearConfirm', { label: name }),
        dangerous: true,
        onYes: () => void write(editing.key, '', t('config.cleared', { label: name })),
      });
    void write(editing.key, value, t('config.saved', { label: name }));
  };
  useCommands(
    {
      'form.save': () => save(),
      'nav.back': { run: () => setEditing(null), description: 'key.cancel' },
    },
    { layer: 'dialog', active: editing !== null },
  );
  const current = list.current;
  useCommands(
    {
      'config.clear': !readOnly &&
        !!current?.isSet && {
          run: () => void write(current.key, '', t('config.cleared', { label: label(lang, current.key) })),
          confirm: t('config.clearConfirm', { label: label(lang, current.key) }),
        },
    },
    { active: editing === null && !list.editingFilter },
  );

  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  return (
    <Box flexDirection="column">
      <ListView list={list} columns={columns} width={width} />
      <Text color={th.muted} wrap="truncate-end">
        {current ? t('config.keyName', { key: current.key }) : ' '}
      </Text>
      {readOnly && data ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
      {editing ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold wrap="truncate-end">
            {t('screen.configEdit')} — {label(lang, editing.key)}
          </Text>
          {editing.secret ? (
            <Text color={th.muted} wrap="wrap">
              {t('config.secretHidden')} {t('config.secretKeepHint')}
            </Text>
          ) : null}
          <Text>
            {'› '}
            <TextInput
              value={editing.value}
              onChange={(v) => setEditing({ ...editing, value: v })}
              focus
              layer="dialog"
              mask={editing.secret}
              width={Math.max(20, width - 6)}
              onSubmit={(v) => save(v)}
              submitDescription="key.save"
            />
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
