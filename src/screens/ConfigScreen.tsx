import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { listConfig, setConfig, type ConfigEntry } from '../services/config.js';
import { errorMessage, formatDateTime, t } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import { ListView, listPage } from './components/ListView.js';
import { sizeColumns } from './components/Table.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useAsync, useDirty } from './hooks.js';
import { useCommands } from './keys/react.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';
import { arraySource } from './lists/source.js';
import { useList } from './lists/useList.js';

interface Editing {
  readonly key: string;
  readonly value: string;
  readonly secret: boolean;
  readonly initial: string;
}

const updated = (e: ConfigEntry) => (e.updatedAt ? `${formatDateTime(e.updatedAt)} ${e.updatedBy ?? ''}` : '');

/** Configuration: the keys, secrets masked; Enter edits a value (with the right). */
export function ConfigScreen({ width, height }: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [editing, setEditing] = useState<Editing | null>(null);
  const th = theme();
  const { data, error, reload } = useAsync(
    async () => ({ rows: await listConfig(db, session.actor), level: await levelOf(db, session.actor.id, FUNCTIONS.config) }),
    [],
  );
  const readOnly = data?.level !== 'modification';
  const columns = sizeColumns<ConfigEntry>(width - 1, [
    { header: t('field.key'), width: 28, value: (e) => e.key },
    { header: t('field.value'), width: 'flex', value: (e) => e.display },
    { header: t('field.updated'), width: 26, value: updated },
  ]);
  const source = useMemo(
    () =>
      arraySource(
        data?.rows ?? [],
        (e) => [e.key, e.display, updated(e)],
        (e) => e.key,
      ),
    [data],
  );
  // The editor's three lines when it is open, the read-only line.
  const list = useList({
    source,
    page: listPage(height - (editing ? 3 : 0) - (readOnly && data ? 1 : 0)),
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

  const save = async (typed?: string) => {
    if (!editing) return;
    try {
      await setConfig(db, session.actor, editing.key, typed ?? editing.value);
      store.getState().setFlash({ kind: 'success', text: t('cli.configSet', { key: editing.key }) });
      setEditing(null);
      reload();
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    }
  };
  useCommands(
    {
      'form.save': () => void save(),
      'nav.back': { run: () => setEditing(null), description: 'key.cancel' },
    },
    { layer: 'dialog', active: editing !== null },
  );

  if (error) return <Text color={th.error}>{errorMessage(error)}</Text>;
  return (
    <Box flexDirection="column">
      <ListView list={list} columns={columns} width={width} />
      {readOnly && data ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
      {editing ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold wrap="truncate-end">
            {t('screen.configEdit')} — {editing.key}
            {editing.secret ? <Text color={th.muted}> ({t('config.secretHidden')})</Text> : null}
          </Text>
          <Text>
            {'› '}
            <TextInput
              value={editing.value}
              onChange={(v) => setEditing({ ...editing, value: v })}
              focus
              layer="dialog"
              mask={editing.secret}
              width={Math.max(20, width - 6)}
              onSubmit={(v) => void save(v)}
              submitDescription="key.save"
            />
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
