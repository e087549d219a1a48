/**
 * Printers without a hand-written kind: custom resources (Name plus the CRD's
 * additionalPrinterColumns) and the default table (Name, Created At) for everything else.
 */
import type { KubeObject } from '../../store/types.js';
import { ageDescription, column, nameColumn } from './columns.js';
import { since } from './duration.js';
import { evaluateJsonPath, parseJsonPath, type JsonPath } from './jsonpath.js';
import type { Cell, PrinterColumn, Printer } from './types.js';

/** Columns a CRD version without additionalPrinterColumns is served with. */
export const defaultCustomColumns: PrinterColumn[] = [
  { name: 'Age', type: 'date', description: ageDescription, jsonPath: '.metadata.creationTimestamp' },
];

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function formatString(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A cell of the column's declared type; a value of another type is null. */
export function cellForValue(type: string, value: unknown, now: Date): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return formatString(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      if (value !== '' && value !== 'null' && !rfc3339.test(value)) return '<invalid>';
      return since(value === 'null' ? '' : value, now);
    default:
      return null;
  }
}

function tryParse(path: string): JsonPath | undefined {
  try {
    return parseJsonPath(path);
  } catch {
    // CRD validation should have refused it; print the column empty rather than fail the list.
    return undefined;
  }
}

/** Name, then each printer column in order; Age only when the CRD declares no columns. */
export function customResourcePrinter(printerColumns: PrinterColumn[] | undefined): Printer {
  const declared = printerColumns && printerColumns.length > 0 ? printerColumns : defaultCustomColumns;
  const paths = declared.map((c) => tryParse(c.jsonPath));
  return {
    columns: [
      nameColumn,
      ...declared.map((c) => column(c.name, c.type, c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, {
        ...(c.priority !== undefined ? { priority: c.priority } : {}),
        ...(c.format !== undefined ? { format: c.format } : {}),
      })),
    ],
    cells(obj: KubeObject, now: Date) {
      const cells: Cell[] = [String(obj['metadata']?.name ?? '')];
      declared.forEach((c, i) => {
        const path = paths[i];
        const found = path ? evaluateJsonPath(path, obj) : [];
        // Like kube-apiserver, only the first match is printed.
        cells.push(found.length > 0 ? cellForValue(c.type, found[0], now) : null);
      });
      return cells;
    },
  };
}

/** creationTimestamp as RFC 3339 in UTC with whole seconds; Go's zero time when absent. */
function createdAt(timestamp: unknown): string {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(ms)) return '0001-01-01T00:00:00Z';
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** kube-apiserver's table for resources without a printer, e.g. CustomResourceDefinitions. */
export const defaultPrinter: Printer = {
  columns: [nameColumn, column('Created At', 'date', ageDescription)],
  cells(obj: KubeObject) {
    return [String(obj['metadata']?.name ?? ''), createdAt(obj['metadata']?.creationTimestamp)];
  },
};
