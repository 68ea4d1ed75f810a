// `--demo` before or after a command other than `db seed` means the demo database (as
// `npm start` uses it), not an option accepted and then ignored.
import { describe, expect, it } from 'vitest';
import { resolveCall } from '../../src/cli/dispatch.js';
import { createRuntime } from '../../src/runtime.js';

describe('--demo with a command', () => {
  it.each([[['--demo', 'users', 'list']], [['users', 'list', '--demo']], [['--demo', 'db', 'status']]])(
    '%j acts on the demo database, in sandbox mode',
    (argv) => {
      const call = resolveCall(argv);
      expect(call.global.demo).toBe(true);
      const rt = createRuntime({ HOME: '/home/x' }, call.global);
      expect(rt.dbTarget).toMatch(/demo\.sqlite$/);
      expect(rt.sandbox).toBe(true);
    },
  );

  it('db seed --demo stays the seed’s own option: the database is the one named', () => {
    const call = resolveCall(['db', 'seed', '--demo', '--db', '/tmp/essai.sqlite']);
    expect(call.global.demo).toBe(false);
    expect(call.kind === 'command' && call.inv.values.demo).toBe(true);
    expect(createRuntime({ HOME: '/home/x' }, call.global).dbTarget).toBe('/tmp/essai.sqlite');
  });
});
