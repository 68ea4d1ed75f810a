import { execFileSync } from 'node:child_process';

// The e2e tests run dist/cli.js: build it once, from the current sources.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
