import { stringify } from 'yaml';
import type { JsonObject } from '../../client/index.js';
import { redactForOutput } from './redact.js';

export type ObjectFormat = 'yaml' | 'json';

/** kubectl's `kind: List` wrapper for several objects. */
export function listOf(items: JsonObject[]): JsonObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** YAML as kubectl prints it: keys sorted, list items not indented under their key, no folding. */
export function toYaml(obj: unknown): string {
  return stringify(obj, { indentSeq: false, sortMapEntries: true, lineWidth: 0, minContentWidth: 0 });
}

/** One object (or List) in the chosen format; Secrets are redacted unless `showSecrets`. */
export function formatObject(obj: JsonObject, format: ObjectFormat, showSecrets: boolean): string {
  const printable = showSecrets ? obj : redactForOutput(obj);
  return format === 'json' ? JSON.stringify(printable, null, 4) + '\n' : toYaml(printable);
}
