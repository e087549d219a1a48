import { columnWidths, renderRows, tableStyle } from './align.js';

export interface TableColumn {
  name: string;
  type?: string;
  format?: string;
  priority?: number;
}

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string } };
}

/** A meta.k8s.io/v1 Table, as the server prints it. */
export interface Table {
  kind?: string;
  columnDefinitions: TableColumn[];
  rows: TableRow[];
  metadata?: { resourceVersion?: string };
}

export interface TableOptions {
  /** -o wide: every column, not only priority 0. */
  wide?: boolean;
  /** -A: a NAMESPACE column first, from each row's object metadata. */
  withNamespace?: boolean;
  /** Put before each name (`statefulset.apps/`), when several types are printed together. */
  namePrefix?: string;
  noHeaders?: boolean;
}

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Table' && Array.isArray((v as Table).columnDefinitions);
}

export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function visibleColumns(table: Table, wide: boolean): number[] {
  const out: number[] = [];
  table.columnDefinitions.forEach((c, i) => {
    if (wide || (c.priority ?? 0) === 0) out.push(i);
  });
  return out;
}

/** The header and body cells of a Table, as kubectl shows them. */
export function tableCells(table: Table, options: TableOptions = {}): { header: string[]; rows: string[][] } {
  const cols = visibleColumns(table, options.wide ?? false);
  const byFormat = table.columnDefinitions.findIndex((c) => c.format === 'name');
  const nameIndex = byFormat >= 0 ? byFormat : table.columnDefinitions.findIndex((c) => c.name.toLowerCase() === 'name');
  const header = cols.map((i) => table.columnDefinitions[i]!.name.toUpperCase());
  if (options.withNamespace) header.unshift('NAMESPACE');
  const rows = table.rows.map((row) => {
    const cells = cols.map((i) => {
      const text = formatCell(row.cells[i]);
      return i === nameIndex && options.namePrefix ? options.namePrefix + text : text;
    });
    if (options.withNamespace) cells.unshift(row.object?.metadata?.namespace ?? '');
    return cells;
  });
  return { header, rows };
}

/** Print a Table the way `kubectl get` does: upper-case headers, columns aligned. */
export function formatTable(table: Table, options: TableOptions = {}): string {
  const { header, rows } = tableCells(table, options);
  const all = options.noHeaders ? rows : [header, ...rows];
  return renderRows(all, columnWidths(all, tableStyle));
}

/** A Table built from plain objects, for servers that do not print tables themselves. */
export function fallbackTable(items: Array<{ metadata?: { name?: string; namespace?: string; creationTimestamp?: string } }>, age: (ts: string | undefined) => string): Table {
  return {
    kind: 'Table',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Age', type: 'string', priority: 0 },
    ],
    rows: items.map((o) => ({ cells: [o.metadata?.name ?? '', age(o.metadata?.creationTimestamp)], object: { metadata: { ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}) } } })),
  };
}
