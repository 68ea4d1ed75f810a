import React from 'react';
import { Box, Text } from 'ink';
import type { AppState } from '../../state/store.js';
import { KeyHints } from '../components/KeyHints.js';
import { useApp, useT, useTheme } from '../context.js';
import { CRUMBS, ROUTE_LABELS } from '../menuTree.js';
import { ConfirmLine, confirmText } from './Confirm.js';
import { terminalSafe } from '../../services/terminalText.js';
import type { Translate } from '../../services/i18n/index.js';

/** The breadcrumb: the module path of the first screen, then each route pushed above it. */
export function breadcrumb(t: Translate, s: Pick<AppState, 'stack' | 'titles'>): string[] {
  const stack = s.stack;
  const base = stack.length > 1 && stack[0]!.screen === 'menu' ? 1 : 0;
  const first = stack[base] ?? stack[0]!;
  const crumbs = CRUMBS[first.screen].map((k) => t(k));
  if (s.titles[first.key]) crumbs.push(s.titles[first.key]!);
  for (const r of stack.slice(base + 1)) {
    const label = s.titles[r.key] ?? (ROUTE_LABELS[r.screen] ? t(ROUTE_LABELS[r.screen]!) : null);
    if (label) crumbs.push(label);
  }
  return crumbs;
}

export function Header({ width }: { width: number }) {
  const t = useT();
  const th = useTheme();
  const stack = useApp((s) => s.stack);
  const titles = useApp((s) => s.titles);
  const session = useApp((s) => s.session);
  const sandbox = useApp((s) => s.sandbox);
  const who = session ? `${session.actor.code} · ${session.companyCode ?? '—'}` : t('app.title');
  const full = session ? `${session.actor.name} (${who})` : who;
  const badge = sandbox ? ` ${t('app.sandbox')} ` : '';
  let crumbText = terminalSafe(breadcrumb(t, { stack, titles }).join(' › '));
  // The user's name goes first when space runs out, then the start of the breadcrumb
  // (its end says where one is); SANDBOX stays.
  const right = crumbText.length + badge.length + full.length + 3 <= width ? full : who;
  const room = width - badge.length - right.length - 3;
  if (crumbText.length > room) crumbText = '…' + crumbText.slice(crumbText.length - Math.max(0, room - 1));
  return (
    <Box flexDirection="column" width={width}>
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
      <Text color={th.muted}>{'─'.repeat(Math.max(0, width))}</Text>
    </Box>
  );
}

/** Lines the status area takes for this text at this width (1 to 3; more opens in full on a key). */
export function statusLines(text: string, width: number): number {
  if (!text) return 1;
  let lines = 0;
  for (const para of text.split('\n')) {
    // Words wrap: a line holds a little less than `width` characters on average.
    lines += Math.max(1, Math.ceil(Array.from(para).length / Math.max(1, width - 8)));
  }
  return lines;
}

export const MAX_STATUS_LINES = 3;

/** The text of the status area: a question, or the last message. */
export function statusText(t: Translate, s: Pick<AppState, 'overlay' | 'flash'>): string {
  if (s.overlay?.kind === 'confirm') return confirmText(t, s.overlay.request);
  return s.flash?.text ?? '';
}

/** Footer: the status area (a question or the last message, wrapped) and the keys. */
export function Footer({ width, lines }: { width: number; lines: number }) {
  const th = useTheme();
  const flash = useApp((s) => s.flash);
  const overlay = useApp((s) => s.overlay);
  return (
    <Box flexDirection="column" width={width}>
      <Box height={lines} overflow="hidden" width={width}>
        {overlay?.kind === 'confirm' ? (
          <ConfirmLine request={overlay.request} />
        ) : (
          <Text
            wrap="wrap"
            color={flash?.kind === 'error' ? th.error : flash?.kind === 'success' ? th.success : th.muted}
            bold={flash?.kind === 'error'}
          >
            {terminalSafe(flash?.text ?? ' ', { multiline: true })}
          </Text>
        )}
      </Box>
      <KeyHints width={width} />
    </Box>
  );
}
