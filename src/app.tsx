import React, { useEffect, useState } from 'react';
import { Box, Text, useApp as useInkApp } from 'ink';
import { useKeys } from './screens/useKeys.js';
import { t } from './services/i18n/index.js';
import { keyName } from './state/keymap.js';
import type { ScreenId } from './state/store.js';
import { useApp, useStoreApi } from './screens/context.js';
import { useTerminalSize } from './screens/hooks.js';
import { CRUMBS, PALETTE_COMMANDS } from './screens/menuTree.js';
import { HelpView, KeyHints } from './screens/components/KeyHints.js';
import { TextInput } from './screens/components/TextInput.js';
import { theme } from './screens/theme.js';
import { SCREENS } from './screens/registry.js';
import { askQuit, openScreen } from './screens/navigation.js';
import { LockPanel, useSessionGuard } from './screens/SessionGuard.js';
import { terminalSafe } from './services/terminalText.js';

export const MIN_COLUMNS = 80;

/** Screens whose content is computed to fit the body height (tables windowed to it). */
const SIZED_TO_BODY: ReadonlySet<ScreenId> = new Set<ScreenId>(['users', 'audit', 'outbox', 'companies']);
export const MIN_ROWS = 24;

/** The root: header, the screen on top of the navigation stack, footer, overlays. */
export function App() {
  const { columns, rows } = useTerminalSize();
  const store = useStoreApi();
  const stack = useApp((s) => s.stack);
  const overlay = useApp((s) => s.overlay);
  const typing = useApp((s) => s.typing);
  const quitting = useApp((s) => s.quitting);
  const locked = useApp((s) => s.locked);
  useSessionGuard();
  const ink = useInkApp();
  const top = stack[stack.length - 1]!;

  useEffect(() => {
    if (quitting) ink.exit();
  }, [quitting]);

  useKeys(
    (input, key) => {
      const name = keyName(input, key);
      if (name === 'ctrl-c') {
        const cancel = store.getState().cancelable;
        return cancel ? cancel() : store.getState().quit();
      }
      if (overlay || store.getState().locked) return;
      if (name === 'f1' || (!typing && name === '?')) return store.getState().openOverlay({ kind: 'help' });
      if (typing) return;
      if (name === ':' && store.getState().session) return store.getState().openOverlay({ kind: 'palette' });
      if (name === 'q') askQuit(store);
    },
    { layer: 'global' },
  );

  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  if (tooSmall)
    return (
      <Box width={columns} height={Math.max(1, rows - 1)} alignItems="center" justifyContent="center">
        <Text color={theme().warning}>{t('app.tooSmall', { cols: columns, rows })}</Text>
      </Box>
    );

  const Screen = SCREENS[top.screen];
  // One line less than the terminal: Ink redraws the whole screen when output fills it.
  const bodyHeight = rows - 1 - 2 - 2;
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header />
      {/* Clipping costs Ink a slice of every line on every frame: lists that size their
          table to the body skip it, so moving the cursor over 100k users stays fast. */}
      <Box flexDirection="column" height={bodyHeight} overflow={SIZED_TO_BODY.has(top.screen) && !overlay ? 'visible' : 'hidden'}>
        {locked ? <LockPanel /> : overlay?.kind === 'help' ? <HelpOverlay /> : null}
        {/* Hidden, not unmounted, under the lock and the help: nothing typed is lost. */}
        <Box flexDirection="column" display={locked || overlay?.kind === 'help' ? 'none' : 'flex'}>
          <Screen key={stack.length + top.screen} route={top} width={columns} height={bodyHeight} />
        </Box>
      </Box>
      <Footer width={columns} />
    </Box>
  );
}

function Header() {
  const th = theme();
  const { columns } = useTerminalSize();
  const stack = useApp((s) => s.stack);
  const session = useApp((s) => s.session);
  const sandbox = useApp((s) => s.sandbox);
  const extra = useApp((s) => s.crumbExtra);
  const top = stack[stack.length - 1]!;
  const crumbs = CRUMBS[top.screen].map((k) => t(k));
  if (extra) crumbs.push(extra);
  const who = session ? `${session.actor.code} · ${session.companyCode ?? '—'}` : t('app.title');
  const full = session ? `${session.actor.name} (${who})` : who;
  const badge = sandbox ? ` ${t('app.sandbox')} ` : '';
  const crumbText = terminalSafe(crumbs.join(' › '));
  // The user's name goes first when space runs out; the breadcrumb and SANDBOX stay.
  const right = crumbText.length + badge.length + full.length + 3 <= columns ? full : who;
  return (
    <Box flexDirection="column" width={columns}>
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <Text bold color={th.accent} wrap="truncate-end">
            {crumbText}
          </Text>
        </Box>
        <Box flexShrink={0} marginLeft={1}>
          {sandbox ? (
            <Text bold inverse color={th.sandbox}>
              {badge}
            </Text>
          ) : null}
          <Text> {terminalSafe(right)}</Text>
        </Box>
      </Box>
      <Text color={th.muted}>{'─'.repeat(Math.max(0, columns))}</Text>
    </Box>
  );
}

function Footer({ width }: { width: number }) {
  const th = theme();
  const scopes = useApp((s) => s.scopes);
  const typing = useApp((s) => s.typing);
  const flash = useApp((s) => s.flash);
  const overlay = useApp((s) => s.overlay);
  return (
    <Box flexDirection="column" width={width}>
      {overlay?.kind === 'confirm' ? (
        <ConfirmOverlay />
      ) : overlay?.kind === 'palette' ? (
        <Palette />
      ) : (
        <Text
          wrap="truncate-end"
          color={flash?.kind === 'error' ? th.error : flash?.kind === 'success' ? th.success : th.muted}
          bold={flash?.kind === 'error'}
        >
          {terminalSafe(flash?.text ?? ' ')}
        </Text>
      )}
      <KeyHints scopes={scopes} width={width} typing={typing} />
    </Box>
  );
}

function ConfirmOverlay() {
  const store = useStoreApi();
  const overlay = useApp((s) => s.overlay);
  if (overlay?.kind !== 'confirm') return null;
  const { request } = overlay;
  return (
    <InlineConfirm
      message={request.message}
      dangerous={request.dangerous}
      onYes={() => {
        store.getState().closeOverlay();
        request.onYes();
      }}
      onNo={() => {
        store.getState().closeOverlay();
        request.onNo?.();
      }}
    />
  );
}

/** Confirm on the footer line: the screen stays visible under the question. */
function InlineConfirm(props: { message: string; dangerous?: boolean; onYes: () => void; onNo: () => void }) {
  const th = theme();
  useKeys(
    (input, key) => {
      const k = input.toLowerCase();
      if (k === 'y' || k === 'o') return props.onYes();
      if (k === 'n' || key.escape) return props.onNo();
      if (key.return) return props.dangerous ? props.onNo() : props.onYes();
    },
    { layer: 'overlay' },
  );
  return (
    <Text wrap="truncate-end">
      <Text bold color={props.dangerous ? th.warning : th.accent}>
        {props.message}
      </Text>{' '}
      <Text inverse>{` ${t('app.yes')} (o/y) `}</Text> <Text inverse>{` ${t('app.no')} (n) `}</Text>
    </Text>
  );
}

function HelpOverlay() {
  const store = useStoreApi();
  const scopes = useApp((s) => s.scopes);
  const { rows } = useTerminalSize();
  useKeys(
    (input, key) => {
      if (key.escape || input === '?' || input === 'q' || key.return) store.getState().closeOverlay();
    },
    { layer: 'overlay' },
  );
  return <HelpView scopes={scopes} height={rows - 5} />;
}

function Palette() {
  const store = useStoreApi();
  const [value, setValue] = useState('');
  useKeys(
    (_input, key) => {
      if (key.escape) store.getState().closeOverlay();
    },
    { layer: 'overlay' },
  );
  const run = (typed: string) => {
    const cmd = typed.trim().replace(/^:/, '').toLowerCase();
    const s = store.getState();
    s.closeOverlay();
    if (!cmd) return;
    const target = PALETTE_COMMANDS[cmd];
    if (!target) {
      s.setFlash({ kind: 'error', text: t('app.unknownCommand', { cmd, list: t('app.paletteHint') }) });
      return;
    }
    if (target === 'quit') return askQuit(store);
    openScreen(store, target);
  };
  return (
    <Text>
      <Text bold>:</Text>
      <TextInput value={value} onChange={setValue} focus onSubmit={run} width={40} placeholder={t('app.paletteHint')} layer="overlay" />
    </Text>
  );
}
