// Bundles the console into dist/cli.js (options in bundle-options.mjs).
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { bundleOptions } from './bundle-options.mjs';

rmSync('dist', { recursive: true, force: true });
await build({
  ...bundleOptions,
  entryPoints: { cli: 'src/cli.tsx' },
  outdir: 'dist',
  define: { 'process.env.PRX_BUILD_VERSION': JSON.stringify(process.env.npm_package_version ?? '') },
});
chmodSync('dist/cli.js', 0o755);
