import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { listConfig, setConfig, type ConfigEntry } from '../services/config.js';
import { errorMessage, formatDateTime, t } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import { isKey } from '../state/keymap.js';
import { Table, columnWidths, type Column } from './components/Table.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useAsync, useBack, useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';

/** Configuration: the keys, secrets masked; Enter edits a value (with the right). */
export function ConfigScreen({ width, height }: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [cursor, setCursor] = useState(0);
  const [editing, setEditing] = useState<{ key: string; value: string; secret: boolean } | null>(null);
  const back = useBack();
  const th = theme();
  const { data, error, reload } = useAsync(
    async () => ({ rows: await listConfig(db, session.actor), level: await levelOf(db, session.actor.id, FUNCTIONS.config) }),
    [],
  );
  useScreenKeys(editing ? ['form', 'global'] : ['list', 'global'], editing !== null);
  const rows = data?.rows ?? [];
  const readOnly = data?.level !== 'modification';

  const save = async (typed?: string) => {
    if (!editing) return;
    try {
      await setConfig(db, session.actor, editing.key, typed ?? editing.value);
      store.getState().setFlash({ kind: 'success', text: t('cli.configSet', { key: editing.key }) });
      setEditing(null);
      store.getState().setDirty(false);
      reload();
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    }
  };

  useScreenInput((input, key) => {
    if (editing) {
      if (key.escape) {
        setEditing(null);
        store.getState().setDirty(false);
      } else if (isKey('save', input, key)) void save();
      return;
    }
    if (isKey('back', input, key)) return back();
    if (isKey('down', input, key)) setCursor((c) => Math.min(rows.length - 1, c + 1));
    else if (isKey('up', input, key)) setCursor((c) => Math.max(0, c - 1));
    else if (isKey('open', input, key) && rows[cursor]) {
      if (readOnly) return store.getState().setFlash({ kind: 'error', text: t('app.readOnly') });
      const e = rows[cursor]!;
      // A secret is never shown, not even to edit it: the field starts empty.
      setEditing({ key: e.key, value: e.secret ? '' : e.display, secret: e.secret });
    }
  });

  if (error) return <Text color={th.error}>{errorMessage(error)}</Text>;
  const [wKey, wVal, wWhen] = columnWidths(width - 1, [28, 'flex', 26]);
  const columns: Column<ConfigEntry>[] = [
    { header: t('field.key'), width: wKey!, value: (e) => e.key },
    { header: t('field.value'), width: wVal!, value: (e) => e.display },
    { header: t('field.updated'), width: wWhen!, value: (e) => (e.updatedAt ? `${formatDateTime(e.updatedAt)} ${e.updatedBy ?? ''}` : '') },
  ];
  return (
    <Box flexDirection="column">
      <Table columns={columns} rows={rows} cursor={cursor} height={height - 4} emptyText={t('app.loading')} />
      {readOnly && data ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
      {editing ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>
            {t('screen.configEdit')} — {editing.key}
            {editing.secret ? <Text color={th.muted}> ({t('config.secretHidden')})</Text> : null}
          </Text>
          <Text>
            {'› '}
            <TextInput
              value={editing.value}
              onChange={(v) => {
                setEditing({ ...editing, value: v });
                store.getState().setDirty(true);
              }}
              focus
              mask={editing.secret}
              width={Math.max(20, width - 6)}
              onSubmit={(v) => void save(v)}
            />
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
