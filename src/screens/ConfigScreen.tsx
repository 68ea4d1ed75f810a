import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { listConfig, setConfig, type ConfigEntry } from '../services/config.js';
import { errorMessage, formatDateTime, t } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import { ListStatus } from './components/ListStatus.js';
import { Table, columnWidths, type Column } from './components/Table.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useAsync, useDirty } from './hooks.js';
import { useCommands } from './keys/react.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';
import { useListCursor } from './useListCursor.js';

interface Editing {
  readonly key: string;
  readonly value: string;
  readonly secret: boolean;
  readonly initial: string;
}

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
  const rows = data?.rows ?? [];
  const readOnly = data?.level !== 'modification';
  // The status line, the table's header; the editor's three lines when it is open.
  const page = Math.max(1, height - 2 - (editing ? 3 : 0) - (readOnly && data ? 1 : 0));
  const list = useListCursor(rows.length, page, {
    onOpen: () => {
      if (readOnly) return store.getState().setFlash({ kind: 'error', text: t('app.readOnly') });
      const e = rows[list.cursor]!;
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
  const [wKey, wVal, wWhen] = columnWidths(width - 1, [28, 'flex', 26]);
  const columns: Column<ConfigEntry>[] = [
    { header: t('field.key'), width: wKey!, value: (e) => e.key },
    { header: t('field.value'), width: wVal!, value: (e) => e.display },
    { header: t('field.updated'), width: wWhen!, value: (e) => (e.updatedAt ? `${formatDateTime(e.updatedAt)} ${e.updatedBy ?? ''}` : '') },
  ];
  return (
    <Box flexDirection="column">
      <Box justifyContent="flex-end">
        <ListStatus total={rows.length} cursor={list.cursor} top={list.top} page={page} loaded={!!data} />
      </Box>
      <Table
        columns={columns}
        rows={rows.slice(list.top, list.top + page)}
        cursor={list.cursor - list.top}
        height={page}
        emptyText={data ? t('app.noRows') : t('app.loading')}
      />
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
