import { isJsonObject, type JsonObject } from '../../client/index.js';
import { alignRows, describeStyle } from './align.js';
import { renderLines } from './describe-layout.js';
import { metadataLines } from './describe-object.js';
import { decodedLength } from './redact.js';

/** A Secret as `kubectl describe` shows it: sizes of the values, never the values. */
export function describeSecret(secret: JsonObject, now: Date = new Date()): string {
  let out = renderLines(metadataLines(secret, now));
  out += `\n${alignRows([['Type:', String(secret['type'] ?? 'Opaque')]], describeStyle)}\nData\n====\n`;
  const data = isJsonObject(secret['data']) ? secret['data'] : {};
  const rows = Object.keys(data)
    .sort()
    .map((k) => [`${k}:`, `${decodedLength(data[k])} bytes`]);
  if (rows.length > 0) out += alignRows(rows, describeStyle);
  return out;
}
