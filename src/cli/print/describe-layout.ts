import { isJsonObject, type JsonValue } from '../../client/index.js';

/** One line of a describe view: `key:  value` (values aligned within a block) or a `key:` heading. */
export interface DescribeLine {
  level: number;
  key: string;
  /** Several values print on aligned continuation lines; undefined makes a heading. */
  value?: string | string[];
  /** The first line of a list item: `- ` in front of the key. */
  bullet?: boolean;
}

export type DescribeBlock = DescribeLine[] | string;

function indentOf(line: DescribeLine): string {
  const pad = '  '.repeat(line.level);
  return line.bullet ? pad.slice(0, -2) + '- ' : pad;
}

/**
 * The value column of each key/value line: lines of one level under the same parent share it, even
 * when nested headings come between them.
 */
function valueColumns(lines: DescribeLine[]): number[] {
  const widths: number[] = new Array<number>(lines.length).fill(0);
  const done = new Set<number>();
  lines.forEach((line, i) => {
    if (done.has(i) || line.value === undefined || line.key === '') return;
    const group: number[] = [];
    for (let j = i; j < lines.length && lines[j]!.level >= line.level; j += 1) {
      const l = lines[j]!;
      if (l.level === line.level && l.value !== undefined && l.key !== '') group.push(j);
    }
    const width = Math.max(...group.map((j) => lines[j]!.key.length + 1)) + 2;
    for (const j of group) {
      widths[j] = width;
      done.add(j);
    }
  });
  return widths;
}

/** Render lines; key/value lines of one level under one parent share a value column. */
export function renderLines(lines: DescribeLine[]): string {
  const widths = valueColumns(lines);
  let out = '';
  lines.forEach((l, i) => {
    if (l.value === undefined) {
      out += `${indentOf(l)}${l.key}:\n`;
      return;
    }
    const values = Array.isArray(l.value) ? l.value : [l.value];
    if (l.key === '') {
      out += `${indentOf(l)}${values.join(', ')}`.trimEnd() + '\n';
      return;
    }
    const head = `${indentOf(l)}${(l.key + ':').padEnd(widths[i] ?? 0)}`;
    out += `${head}${values[0] ?? ''}`.trimEnd() + '\n';
    for (const v of values.slice(1)) out += `${' '.repeat(head.length)}${v}`.trimEnd() + '\n';
  });
  return out;
}

function scalarText(v: JsonValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v.includes('\n') ? JSON.stringify(v) : v;
  return String(v);
}

/** A JSON value as nested describe lines, keys as they are in the object. */
export function valueLines(key: string, v: JsonValue | undefined, level: number, bullet = false): DescribeLine[] {
  const at = (extra: Partial<DescribeLine>): DescribeLine => ({ level, key, ...(bullet ? { bullet } : {}), ...extra });
  if (v === undefined) return [];
  if (Array.isArray(v)) {
    if (v.length === 0) return [at({ value: '<none>' })];
    if (v.every((x) => !isJsonObject(x) && !Array.isArray(x))) return [at({ value: v.map(scalarText).join(', ') })];
    const out: DescribeLine[] = [at({})];
    for (const item of v) {
      if (isJsonObject(item) && Object.keys(item).length > 0) {
        Object.entries(item).forEach(([k, x], idx) => out.push(...valueLines(k, x, level + 2, idx === 0)));
      } else {
        out.push({ level: level + 2, key: '', value: scalarText(isJsonObject(item) ? '{}' : (item as JsonValue)), bullet: true });
      }
    }
    return out;
  }
  if (isJsonObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return [at({ value: '<none>' })];
    return [at({}), ...entries.flatMap(([k, x]) => valueLines(k, x, level + 1))];
  }
  return [at({ value: scalarText(v) })];
}

/** `k=v` lines for labels, annotations, selectors; `<none>` when empty. */
export function mapValues(v: JsonValue | undefined, skip: string[] = []): string[] {
  if (!isJsonObject(v)) return ['<none>'];
  const out = Object.entries(v)
    .filter(([k]) => !skip.includes(k))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, x]) => `${k}=${typeof x === 'string' ? x : JSON.stringify(x)}`);
  return out.length > 0 ? out : ['<none>'];
}
