import { isJsonObject, lastAppliedAnnotation, type JsonObject, type JsonValue } from '../../client/index.js';
import { alignRows, describeStyle } from './align.js';
import { mapValues, renderLines, valueLines, type DescribeLine } from './describe-layout.js';
import { ageOf } from './duration.js';

/** The header every describe view starts with: name, namespace, labels, annotations. */
export function metadataLines(obj: JsonObject, now: Date): DescribeLine[] {
  const meta = isJsonObject(obj['metadata']) ? obj['metadata'] : {};
  const lines: DescribeLine[] = [{ level: 0, key: 'Name', value: String(meta['name'] ?? '') }];
  if (typeof meta['namespace'] === 'string') lines.push({ level: 0, key: 'Namespace', value: meta['namespace'] });
  lines.push({ level: 0, key: 'Labels', value: mapValues(meta['labels']) });
  lines.push({ level: 0, key: 'Annotations', value: mapValues(meta['annotations'], [lastAppliedAnnotation]) });
  if (typeof meta['creationTimestamp'] === 'string') {
    lines.push({ level: 0, key: 'CreationTimestamp', value: `${meta['creationTimestamp']} (${ageOf(meta['creationTimestamp'], now)} ago)` });
  }
  if (typeof meta['deletionTimestamp'] === 'string') lines.push({ level: 0, key: 'DeletionTimestamp', value: meta['deletionTimestamp'] });
  const owner = Array.isArray(meta['ownerReferences']) ? meta['ownerReferences'].find((o) => isJsonObject(o) && o['controller'] === true) : undefined;
  if (isJsonObject(owner)) lines.push({ level: 0, key: 'Controlled By', value: `${String(owner['kind'])}/${String(owner['name'])}` });
  if (Array.isArray(meta['finalizers']) && meta['finalizers'].length > 0) lines.push({ level: 0, key: 'Finalizers', value: meta['finalizers'].map(String).join(', ') });
  return lines;
}

function conditionsOf(obj: JsonObject): JsonObject[] {
  const status = obj['status'];
  const list = isJsonObject(status) ? status['conditions'] : undefined;
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

function text(v: JsonValue | undefined): string {
  return v === undefined || v === null ? '' : String(v);
}

/** `Conditions:` as a small table of type, status, reason and message. */
export function conditionsSection(conditions: JsonObject[]): string {
  if (conditions.length === 0) return '';
  const rows = [['Type', 'Status', 'Reason', 'Message'], ['----', '------', '------', '-------']];
  for (const c of conditions) rows.push([text(c['type']), text(c['status']), text(c['reason']), text(c['message'])]);
  return 'Conditions:\n' + alignRows(rows, describeStyle, '  ');
}

const top = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** A readable view of any object: metadata, then its other fields generically, then conditions. */
export function describeObject(obj: JsonObject, now: Date = new Date()): string {
  const lines = metadataLines(obj, now);
  if (typeof obj['apiVersion'] === 'string') lines.push({ level: 0, key: 'API Version', value: obj['apiVersion'] });
  if (typeof obj['kind'] === 'string') lines.push({ level: 0, key: 'Kind', value: obj['kind'] });
  const titled = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);
  for (const [k, v] of Object.entries(obj)) {
    if (!top.has(k)) lines.push(...valueLines(titled(k), v, 0));
  }
  const status = obj['status'];
  if (isJsonObject(status)) {
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(status)) if (k !== 'conditions') rest[k] = v;
    if (Object.keys(rest).length > 0) lines.push(...valueLines('Status', rest, 0));
  }
  return renderLines(lines) + conditionsSection(conditionsOf(obj));
}
