import React, { useEffect } from 'react';
import { Box, Text, useApp as useInkApp } from 'ink';
import type { ScreenId } from './state/store.js';
import { useApp, useStoreApi, useT, useTheme } from './screens/context.js';
import { RouteContext, useTerminalSize } from './screens/hooks.js';
import { DataChangesProvider } from './screens/dataChanges.js';
import { KeyScope, useCommands } from './screens/keys/react.js';
import { goBack, quitQuestion } from './screens/navigation.js';
import { SCREENS } from './screens/registry.js';
import { LockPanel, useSessionGuard } from './screens/SessionGuard.js';
import { Footer, Header, MAX_STATUS_LINES, statusLines, statusText } from './screens/shell/Chrome.js';
import { HelpOverlay } from './screens/shell/Help.js';
import { MessageOverlay } from './screens/shell/Message.js';
import { Palette } from './screens/shell/Palette.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

/** Screens whose content is computed to fit the body height (tables windowed to it). */
const SIZED_TO_BODY: ReadonlySet<ScreenId> = new Set<ScreenId>(['users', 'audit', 'outbox', 'companies']);

/**
 * The root: header, the navigation stack, footer, overlays. Every route of the stack stays
 * mounted (hidden under the one on top, and under "too small"): nothing typed is lost by
 * opening Horaire, by the idle lock or by a resize.
 */
export function App() {
  const t = useT();
  const th = useTheme();
  const { columns, rows } = useTerminalSize();
  const store = useStoreApi();
  const stack = useApp((s) => s.stack);
  const overlay = useApp((s) => s.overlay);
  const flash = useApp((s) => s.flash);
  const quitting = useApp((s) => s.quitting);
  const locked = useApp((s) => s.locked);
  const session = useApp((s) => s.session);
  useSessionGuard();
  const ink = useInkApp();

  useEffect(() => {
    if (quitting) ink.exit();
  }, [quitting, ink]);

  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  // Ctrl-C always: cancels a long operation (the Gmail link), else quits at once.
  useCommands(
    {
      'app.abort': () => {
        const cancel = store.getState().cancelable;
        return cancel ? cancel() : store.getState().quit();
      },
    },
    { layer: 'global', always: true },
  );
  const status = statusText(t, { overlay, flash });
  const needed = statusLines(status, columns);
  const lines = Math.min(MAX_STATUS_LINES, needed);
  useCommands(
    {
      'app.help': () => store.getState().openOverlay({ kind: 'help' }),
      'app.palette': !!session && !locked && (() => store.getState().openOverlay({ kind: 'palette' })),
      'app.quit': { run: () => store.getState().quit(), confirm: () => quitQuestion(store, t) },
      'nav.back': stack.length > 1 && (() => goBack(store, t)),
      'flash.show': needed > MAX_STATUS_LINES && overlay === null && (() => store.getState().openOverlay({ kind: 'message' })),
    },
    { layer: 'global', active: !tooSmall && !locked },
  );

  // One line less than the terminal: Ink redraws the whole screen when output fills it.
  const bodyHeight = Math.max(1, rows - 1 - 2 - lines - 1);
  const bodyOverlay = locked ? (
    <LockPanel />
  ) : overlay?.kind === 'help' ? (
    <HelpOverlay width={columns} height={bodyHeight} />
  ) : overlay?.kind === 'palette' ? (
    <Palette width={columns} height={bodyHeight} />
  ) : overlay?.kind === 'message' ? (
    <MessageOverlay width={columns} height={bodyHeight} />
  ) : null;
  const top = stack[stack.length - 1]!;
  return (
    <DataChangesProvider>
      <Box flexDirection="column" width={columns} height={Math.max(1, rows - 1)}>
        {tooSmall ? (
          <Box width={columns} height={Math.max(1, rows - 1)} alignItems="center" justifyContent="center">
            <Text color={th.warning} wrap="wrap">
              {t('app.tooSmall', { cols: columns, rows })}
            </Text>
          </Box>
        ) : null}
        <KeyScope active={!tooSmall}>
          <Box flexDirection="column" display={tooSmall ? 'none' : 'flex'}>
            <Header width={columns} />
            {/* Clipping costs Ink a slice of every line on every frame: lists that size their
              table to the body skip it, so moving the cursor over 100k users stays fast. */}
            <Box flexDirection="column" height={bodyHeight} overflow={SIZED_TO_BODY.has(top.screen) && !bodyOverlay ? 'visible' : 'hidden'}>
              {bodyOverlay}
              {stack.map((route) => {
                const Screen = SCREENS[route.screen];
                const shown = route === top && !bodyOverlay;
                return (
                  <Box key={route.key} flexDirection="column" display={shown ? 'flex' : 'none'}>
                    <RouteContext.Provider value={route}>
                      <KeyScope active={route === top && !locked}>
                        <Screen route={route} width={columns} height={bodyHeight} />
                      </KeyScope>
                    </RouteContext.Provider>
                  </Box>
                );
              })}
            </Box>
            <Footer width={columns} lines={lines} />
          </Box>
        </KeyScope>
      </Box>
    </DataChangesProvider>
  );
}
