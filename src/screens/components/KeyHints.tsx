import React from 'react';
import { Box, Text } from 'ink';
import { t } from '../../services/i18n/index.js';
import { KEYMAP, bindingsFor, type KeyScope } from '../../state/keymap.js';
import { theme } from '../theme.js';

/** Footer: the active keys of the screen, from the key table. */
export function KeyHints({ scopes, width }: { scopes: readonly KeyScope[]; width: number }) {
  const th = theme();
  // The screen's own keys first, then the global ones; a key shown once.
  const order = [...scopes.filter((s) => s !== 'global'), 'global' as const];
  const seen = new Set<string>();
  const hints = order
    .flatMap((scope) => bindingsFor([scope]))
    .filter((b) => b.hint && !seen.has(b.label) && seen.add(b.label));
  const parts: React.ReactNode[] = [];
  let used = 0;
  for (const b of hints) {
    const text = `${b.label} ${t(b.description)}`;
    if (used + text.length + 2 > width) break;
    used += text.length + 2;
    parts.push(
      <Text key={b.id}>
        <Text bold color={th.accent}>
          {b.label}
        </Text>
        <Text color={th.muted}> {t(b.description)}  </Text>
      </Text>,
    );
  }
  return <Box>{parts}</Box>;
}

/** `?`: every key of the table, grouped by scope, the screen's own scopes first. */
export function HelpView({ scopes, height }: { scopes: readonly KeyScope[]; height: number }) {
  const th = theme();
  const order: KeyScope[] = [...scopes.filter((s) => s !== 'global'), 'global'];
  for (const b of KEYMAP) if (!order.includes(b.scope)) order.push(b.scope);
  const lines: React.ReactNode[] = [];
  for (const scope of order) {
    const bs = KEYMAP.filter((b) => b.scope === scope);
    if (!bs.length) continue;
    lines.push(
      <Text key={`s-${scope}`} bold color={th.accent}>
        {t(`keys.${scope}`)}
      </Text>,
    );
    for (const b of bs)
      lines.push(
        <Text key={`${scope}-${b.id}`}>
          {'  '}
          {b.label.padEnd(14)} {t(b.description)}
        </Text>,
      );
  }
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={th.accent} paddingX={1}>
      <Text bold>{t('app.help')}</Text>
      {lines.slice(0, Math.max(3, height - 4))}
      <Text color={th.muted}>{t('app.helpClose')}</Text>
    </Box>
  );
}
