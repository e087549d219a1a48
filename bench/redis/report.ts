// What a trial measured, and the plain-text tables bench:redis prints.
import type { ServedBy } from './probe.js';

export interface Loss { lost: number; acked: number; errors: number; maxGapMs: number }
export interface Trial {
  /** kill (or, for a power cut, the master's process seen dead) -> recovered. */
  ms: number;
  how: ServedBy;
  loss?: Loss;
  /** What else happened (which pods a power cut took down, the stop command's own time). */
  note?: string;
}

export const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

export const lossText = (l: Loss | undefined): string => l ? `${l.lost}/${l.acked} (${l.errors} failed attempts, longest gap ${fmt(l.maxGapMs)})` : '-';

/** One line per row: min / median / max and who served the slots. */
export function failoverTable(rows: Array<[string, Trial[]]>): string {
  const out = [['row', 'trials', 'min', 'median', 'max', 'slots served by']];
  for (const [name, ts] of rows) {
    const ms = ts.map((t) => t.ms);
    if (ms.length === 0) { out.push([name, '0', '-', '-', '-', '-']); continue; }
    const hows = [...new Set(ts.map((t) => t.how))].map((h) => `${h} x${ts.filter((t) => t.how === h).length}`).join(', ');
    out.push([name, String(ms.length), fmt(Math.min(...ms)), fmt(median(ms)), fmt(Math.max(...ms)), hows]);
  }
  return table(out);
}

/** lost/acknowledged per trial, side by side. */
export function lossTable(title: string, cols: Array<[string, Trial[]]>): string {
  const n = Math.max(...cols.map(([, ts]) => ts.length));
  const out = [[title, ...cols.map(([c]) => c)]];
  for (let i = 0; i < n; i++) out.push([`trial ${i + 1}`, ...cols.map(([, ts]) => lossText(ts[i]?.loss))]);
  out.push(['total lost/acked', ...cols.map(([, ts]) => {
    const ls = ts.map((t) => t.loss).filter((l): l is Loss => !!l);
    return `${ls.reduce((a, l) => a + l.lost, 0)}/${ls.reduce((a, l) => a + l.acked, 0)}`;
  })]);
  return table(out);
}
