import React from 'react';
import { Box, Text } from 'ink';
import { t } from '../../services/i18n/index.js';
import { KEYMAP, bindingsFor, worksWhileTyping, type KeyScope } from '../../state/keymap.js';
import { theme } from '../theme.js';

/** Footer: the active keys of the screen, from the key table. */
export function KeyHints({ scopes, width, typing = false }: { scopes: readonly KeyScope[]; width: number; typing?: boolean }) {
  const th = theme();
  // The screen's own keys first, then the global ones; a key shown once.
  const order = [...scopes.filter((s) => s !== 'global'), 'global' as const];
  const seen = new Set<string>();
  const hints = order
    .flatMap((scope) => bindingsFor([scope]))
    .filter((b) => b.hint && (!typing || worksWhileTyping(b)) && !seen.has(b.label) && seen.add(b.label));
  const parts: React.ReactNode[] = [];
  let used = 0;
  for (const b of hints) {
    const label = typing ? (b.typingLabel ?? b.label) : b.label;
    const text = `${label} ${t(b.description)}`;
    if (used + text.length + 2 > width) break;
    used += text.length + 2;
    parts.push(
      <Text key={b.id} bold color={th.accent}>
        {label}
      </Text>,
      <Text key={`${b.id}-d`} color={th.muted}>
        {` ${t(b.description)}  `}
      </Text>,
    );
  }
  // One text node for the whole line: less for Ink to lay out on every frame.
  return <Text wrap="truncate-end">{parts}</Text>;
}

/** `?`: the keys of the screen on top and the global ones, from the key table, in columns. */
export function HelpView({ scopes, height }: { scopes: readonly KeyScope[]; height: number }) {
  const th = theme();
  const order: KeyScope[] = [...scopes.filter((s) => s !== 'global'), 'global'];
  const groups = order.map((scope) => ({ scope, bindings: KEYMAP.filter((b) => b.scope === scope) })).filter((g) => g.bindings.length);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={th.accent} paddingX={1} height={height}>
      <Text bold>{t('app.help')}</Text>
      <Box flexWrap="wrap" flexDirection="row">
        {groups.map((g) => (
          <Box key={g.scope} flexDirection="column" width={38} marginRight={1}>
            <Text bold color={th.accent}>
              {t(`keys.${g.scope}`)}
            </Text>
            {g.bindings.map((b) => (
              <Text key={b.id} wrap="truncate-end">
                {b.label.padEnd(11)} {t(b.description)}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
      <Text color={th.muted}>{t('app.helpClose')}</Text>
    </Box>
  );
}
