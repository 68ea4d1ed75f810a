// Semantic colours; NO_COLOR (https://no-color.org) turns them all off.
export interface Theme {
  readonly accent?: string;
  readonly muted?: string;
  readonly error?: string;
  readonly success?: string;
  readonly warning?: string;
  readonly selectedBg?: string;
  readonly selectedFg?: string;
  readonly sandbox?: string;
  readonly noColor: boolean;
}

const colour: Theme = {
  accent: 'cyan',
  muted: 'gray',
  error: 'red',
  success: 'green',
  warning: 'yellow',
  selectedBg: 'blue',
  selectedFg: 'white',
  sandbox: 'magenta',
  noColor: false,
};

const plain: Theme = { noColor: true };

export function themeFor(env: NodeJS.ProcessEnv): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? plain : colour;
}
