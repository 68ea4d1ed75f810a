// Bundles the console into dist/cli.js. Our own code is bundled; packages stay in
// node_modules (native sqlite3, knex's dialect loading), and the heavy ones (Google
// client, PDF, MIME) are only reached through dynamic import() so they are never
// loaded at start-up.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.tsx' },
  outdir: 'dist',
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
  define: { 'process.env.PRX_BUILD_VERSION': JSON.stringify(process.env.npm_package_version ?? '') },
});
chmodSync('dist/cli.js', 0o755);
