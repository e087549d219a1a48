import { isJsonObject, lastAppliedAnnotation, type JsonObject, type JsonValue } from '../../client/index.js';

/** What the CLI prints instead of a secret value. */
export function redaction(bytes: number): string {
  return `<redacted: ${bytes} bytes>`;
}

export function isSecret(obj: unknown): boolean {
  return isJsonObject(obj) && obj['kind'] === 'Secret' && (obj['apiVersion'] === 'v1' || obj['apiVersion'] === undefined);
}

/** The decoded size of a base64 `data` value. */
export function decodedLength(v: JsonValue | undefined): number {
  return typeof v === 'string' ? Buffer.from(v, 'base64').length : 0;
}

function redactValues(values: JsonValue | undefined, size: (v: JsonValue | undefined) => number): JsonValue | undefined {
  if (!isJsonObject(values)) return values;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(values)) out[k] = redaction(size(v));
  return out;
}

const utf8Length = (v: JsonValue | undefined): number => (typeof v === 'string' ? Buffer.byteLength(v) : 0);

function redactSecretFields(obj: JsonObject): JsonObject {
  const out: JsonObject = { ...obj };
  if (obj['data'] !== undefined) out['data'] = redactValues(obj['data'], decodedLength) ?? null;
  if (obj['stringData'] !== undefined) out['stringData'] = redactValues(obj['stringData'], utf8Length) ?? null;
  return out;
}

/** The last-applied annotation of a Secret holds the values too: redact inside it. */
function redactLastApplied(text: string): string {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (isJsonObject(parsed)) return JSON.stringify(redactSecretFields(parsed)) + (text.endsWith('\n') ? '\n' : '');
  } catch {
    // fall through: not JSON we understand, so hide all of it
  }
  return redaction(Buffer.byteLength(text));
}

/** A copy of a Secret with every data/stringData value replaced by its redaction. */
export function redactSecret(secret: JsonObject): JsonObject {
  const out = redactSecretFields(secret);
  const meta = secret['metadata'];
  if (isJsonObject(meta) && isJsonObject(meta['annotations']) && typeof meta['annotations'][lastAppliedAnnotation] === 'string') {
    const annotations = { ...meta['annotations'], [lastAppliedAnnotation]: redactLastApplied(meta['annotations'][lastAppliedAnnotation]) };
    out['metadata'] = { ...meta, annotations };
  }
  return out;
}

/** Redact every Secret in an object or a List of objects; other objects are returned as they are. */
export function redactForOutput(obj: JsonObject): JsonObject {
  if (isSecret(obj)) return redactSecret(obj);
  if (Array.isArray(obj['items'])) return { ...obj, items: obj['items'].map((i) => (isJsonObject(i) ? redactForOutput(i) : i)) };
  return obj;
}

/** Every value a Secret manifest carries, encoded and decoded, to keep out of messages. */
export function secretValuesOf(obj: JsonObject): string[] {
  if (!isSecret(obj)) return [];
  const out: string[] = [];
  const data = obj['data'];
  if (isJsonObject(data)) {
    for (const v of Object.values(data)) {
      if (typeof v !== 'string') continue;
      out.push(v, Buffer.from(v, 'base64').toString('utf8'));
    }
  }
  const stringData = obj['stringData'];
  if (isJsonObject(stringData)) {
    for (const v of Object.values(stringData)) {
      if (typeof v === 'string') out.push(v, Buffer.from(v).toString('base64'));
    }
  }
  return out.filter((v) => v.length > 0);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Remove secret values from a message. Values of four characters or more are removed wherever
 * they appear; shorter ones only where quoted, so that a one-letter secret does not eat the text.
 */
export function scrubValues(message: string, values: string[]): string {
  let out = message;
  for (const v of [...new Set(values)].sort((a, b) => b.length - a.length)) {
    const pattern = v.length >= 4 ? escapeRegExp(v) : `(?<=")${escapeRegExp(v)}(?=")`;
    out = out.replace(new RegExp(pattern, 'g'), '<redacted>');
  }
  return out;
}
