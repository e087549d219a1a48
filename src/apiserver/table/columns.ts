/** Column definition helpers shared by the printers. */
import type { ColumnDefinition } from './types.js';

export function column(name: string, type: string, description: string, options: { priority?: number; format?: string } = {}): ColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
}

/** Priority 1: shown only by `kubectl get -o wide`. */
export function wide(name: string, type: string, description: string): ColumnDefinition {
  return column(name, type, description, { priority: 1 });
}

export const nameDescription = 'Name of the object, unique within its namespace (or cluster-wide for cluster-scoped kinds).';
export const ageDescription = 'Time since the object was created (metadata.creationTimestamp).';

export const nameColumn = column('Name', 'string', nameDescription, { format: 'name' });
export const ageColumn = column('Age', 'string', ageDescription);

/** `sep`-joined values, or `<none>` for an empty list, as the printers show absent lists. */
export function joinOrNone(values: readonly string[], sep = ','): string {
  return values.length > 0 ? values.join(sep) : '<none>';
}

/** "k1=v1,k2=v2" sorted by key, or `<none>`, like labels.FormatLabels. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return joinOrNone(keys.map((k) => `${k}=${labels![k]}`));
}
