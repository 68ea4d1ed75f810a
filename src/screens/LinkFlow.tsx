import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { AppError } from '../services/errors.js';
import { errorMessage } from '../services/i18n/index.js';
import { log } from '../services/log.js';
import type { LinkAttempt, LinkInfo } from '../services/gmail/index.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useTerminalSize } from './hooks.js';
import { useCommands } from './keys/react.js';

// The link flow and the Google client are loaded when a link starts, never at start-up.
const gmail = () => import('../services/gmail/index.js');

/** Rows above the body: the header (breadcrumb + rule). The panel starts right below. */
const BODY_TOP_ROW = 3;

interface Props {
  /** Lines the screen shows above the panel (the pinned URL row depends on it). */
  readonly topOffset?: number;
  readonly onDone: (info: LinkInfo) => void;
  readonly onCancel: (reason: string) => void;
}

/**
 * Google's consent page, in a browser here or on the user's own machine: the address on
 * one unbroken line, a paste box for "cannot connect", the ssh -L hint for a fixed port.
 * Both ways stay open at once; Esc or Ctrl-C cancels.
 */
export function LinkFlow({ onDone, onCancel, topOffset = 0 }: Props) {
  const t = useT();
  const lang = useLang();
  const { db, google, pinned } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const { columns } = useTerminalSize();
  const [attempt, setAttempt] = useState<LinkAttempt | null>(null);
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const [exchanging, setExchanging] = useState(false);
  const ref = useRef<LinkAttempt | null>(null);
  const th = useTheme();
  // The attempt's end calls the latest callbacks (the parent's may change while it runs).
  const done = useRef({ onDone, onCancel });
  useEffect(() => {
    done.current = { onDone, onCancel };
  });
  const actor = session.actor;

  useEffect(() => {
    let alive = true;
    (async () => {
      const { startLink } = await gmail();
      const a = await startLink(db, actor, { google });
      if (!alive) return a.cancel();
      ref.current = a;
      setAttempt(a);
      store.getState().setCancelable(() => a.cancel());
      a.result.then(
        (info) => alive && done.current.onDone(info),
        (e) => alive && done.current.onCancel(errorMessage(e, lang)),
      );
    })().catch((e) => {
      log('warn', 'gmail link could not start', e instanceof AppError ? e.key : e);
      if (alive) done.current.onCancel(errorMessage(e, lang));
    });
    return () => {
      alive = false;
      ref.current?.cancel();
      store.getState().setCancelable(null);
      pinned?.set(null);
    };
  }, [db, actor, google, store, pinned, lang]);

  // The URL is written by the console itself, soft-wrapped by the terminal (see pinnedText.ts).
  const urlRows = attempt ? Math.ceil(attempt.url.length / Math.max(1, columns)) : 0;
  useEffect(() => {
    if (attempt && pinned) pinned.set({ row: BODY_TOP_ROW + topOffset + 2, text: attempt.url });
  }, [attempt, columns, pinned, topOffset]);

  // Esc cancels the link (the screen under it stays where it was).
  useCommands(
    {
      'nav.back': {
        run: () => (ref.current ? ref.current.cancel() : onCancel(t('gmail.cancelled'))),
        description: 'key.cancelLink',
      },
    },
    { layer: 'dialog' },
  );

  const submit = (text: string) => {
    if (!attempt || !text.trim()) return;
    try {
      attempt.submitPasted(text.trim());
      setPasteError(null);
      setExchanging(true);
    } catch (e) {
      setPasteError(errorMessage(e, lang));
    }
  };

  if (!attempt) return <Text color={th.muted}>{t('prefs.waiting')}</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>
        {t('prefs.link')} — {exchanging ? t('app.loading') : t('prefs.waiting')}
      </Text>
      <Text>{attempt.browserLaunched ? t('prefs.browserOpened') : t('prefs.openUrl')}</Text>
      {pinned ? (
        // Blank rows the pinned URL is painted over.
        <Box height={urlRows} />
      ) : (
        <Text>{attempt.url}</Text>
      )}
      {attempt.sshHint ? (
        <Text color={th.muted}>
          {t('prefs.sshHint')} {attempt.sshHint}
        </Text>
      ) : null}
      <Text>{t('prefs.paste')}</Text>
      <Text>
        {'› '}
        <TextInput
          value={pasted}
          onChange={setPasted}
          focus
          layer="dialog"
          width={Math.max(20, columns - 4)}
          onSubmit={submit}
          submitDescription="key.submitAddress"
        />
      </Text>
      {pasteError ? <Text color={th.error}>{pasteError}</Text> : null}
    </Box>
  );
}
