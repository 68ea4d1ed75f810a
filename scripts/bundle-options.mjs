// How the console is bundled (scripts/build.mjs), shared with the benchmark so its
// baselines are bundled exactly the same way. Our own code is bundled; packages stay in
// node_modules (native sqlite3, knex's dialect loading), and the heavy ones (Google
// client, PDF, MIME) are only reached through dynamic import(), never at start-up.
export const bundleOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: '#!/usr/bin/env node' },
};
