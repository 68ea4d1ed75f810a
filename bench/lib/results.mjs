// Figures of the benchmark areas: repeated runs summarised as min / median / max, each
// product figure printed with the baselines and floors it is compared to (ratio of
// medians, and the target when there is one), and the whole run as JSON (`--json FILE`).

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** { runs, min, median, max, values } of finite numbers (non-finite ones are left out). */
export function summary(values) {
  const xs = values.filter((x) => Number.isFinite(x));
  return {
    runs: xs.length,
    min: xs.length ? Math.min(...xs) : NaN,
    median: median(xs),
    max: xs.length ? Math.max(...xs) : NaN,
    values: xs,
  };
}

export const MB = 1024 * 1024;
export const fmtMs = (ms) => (!Number.isFinite(ms) ? 'n/a' : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
export const fmtMB = (b) => (!Number.isFinite(b) ? 'n/a' : `${(b / MB).toFixed(1)} MB`);
const FORMAT = { ms: fmtMs, bytes: fmtMB, count: (n) => (Number.isFinite(n) ? String(Math.round(n)) : 'n/a') };

/**
 * Runs each of `fns` ({ name: () => number | Promise<number> }) `runs` times after `warmup`
 * uncounted runs (they warm the file cache), alternating the order every run so a drift in
 * machine load hits all alike. Returns { name: [values] }. `onRun(i, values)` may log.
 */
export async function repeat(runs, fns, { warmup = 1, onRun } = {}) {
  const names = Object.keys(fns);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 0; run < warmup + runs; run++) {
    const order = run % 2 ? [...names].reverse() : names;
    const got = {};
    for (const n of order) got[n] = await fns[n]();
    if (run >= warmup) for (const n of names) out[n].push(got[n]);
    onRun?.(run - warmup, got);
  }
  return out;
}

/**
 * One area's figures. `metric()` takes the product's values and the series it is compared
 * to: baselines (another program doing the same work) and floors (the least any program
 * can take for it), each { name, values, target? }.
 */
export class Section {
  constructor(area, title) {
    this.area = area;
    this.title = title;
    this.metrics = [];
    this.notes = [];
    this.errors = [];
  }

  metric({ name, unit = 'ms', product, productName = 'prextra-console', baselines = [], floors = [] }) {
    const p = summary(product);
    const series = [...baselines.map((b) => ({ kind: 'baseline', ...b })), ...floors.map((f) => ({ kind: 'floor', ...f }))].map(
      ({ kind, name: sName, values, target }) => {
        const s = summary(values);
        const ratio = p.median / s.median;
        return {
          kind,
          name: sName,
          ...s,
          ratio: Number.isFinite(ratio) ? ratio : null,
          target: target ?? null,
          pass: target == null || !Number.isFinite(ratio) ? null : ratio <= target,
        };
      },
    );
    const m = { name, unit, product: { name: productName, ...p }, series };
    this.metrics.push(m);
    return m;
  }

  note(text) {
    this.notes.push(text);
  }

  error(text) {
    this.errors.push(text);
  }

  /** The printed table: one line for the product, one per baseline and floor. */
  lines() {
    const rows = [];
    for (const m of this.metrics) {
      const f = FORMAT[m.unit] ?? String;
      rows.push([m.name, m.product.name, f(m.product.min), f(m.product.median), f(m.product.max), '', '']);
      for (const s of m.series)
        rows.push([
          '',
          `${s.kind === 'floor' ? 'floor' : 'vs'}: ${s.name}`,
          f(s.min),
          f(s.median),
          f(s.max),
          s.ratio == null ? 'n/a' : `${s.ratio.toFixed(2)}×`,
          s.target == null ? '(info)' : `≤${s.target}× ${s.pass == null ? 'n/a' : s.pass ? 'PASS' : 'FAIL'}`,
        ]);
    }
    const out = [`prextra-console bench — ${this.title}`];
    if (rows.length) {
      const head = ['metric', 'series', 'min', 'median', 'max', 'ratio', 'target'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (cells) =>
        cells
          .map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
          .join('  ')
          .trimEnd();
      out.push(line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line));
    }
    out.push(...this.notes, ...this.errors.map((e) => `ERROR ${e}`));
    return out;
  }

  toJSON() {
    return { area: this.area, title: this.title, metrics: this.metrics, notes: this.notes, errors: this.errors };
  }
}
