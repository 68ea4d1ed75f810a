// Preloaded (node --import) into a process bench/lists.mjs measures: at exit, writes the
// process's peak RSS in bytes (VmHWM) to BENCH_PEAK_FILE.
import { readFileSync, writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.BENCH_PEAK_FILE;
  if (!file) return;
  let bytes = process.resourceUsage().maxRSS * 1024;
  try {
    const kb = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) bytes = Number(kb) * 1024;
  } catch {
    /* not Linux */
  }
  writeFileSync(file, String(bytes));
});
