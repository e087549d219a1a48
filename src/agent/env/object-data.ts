/** Key/value reads from ConfigMaps and Secrets (Secret data is base64 on the wire). */
import type { KubeObject } from '../../controllers/runtime/types.js';

/** ConfigMap `data` (strings). */
export function configMapStrings(cm: KubeObject): Record<string, string> {
  return { ...((cm['data'] ?? {}) as Record<string, string>) };
}

/** ConfigMap `data` and `binaryData` as bytes (what a volume projects). */
export function configMapBytes(cm: KubeObject): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries((cm['data'] ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'utf8'));
  for (const [k, v] of Object.entries((cm['binaryData'] ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'base64'));
  return out;
}

/** Secret `data` decoded (and `stringData`, should a stored object still carry it). */
export function secretBytes(secret: KubeObject): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries((secret['data'] ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'base64'));
  for (const [k, v] of Object.entries((secret['stringData'] ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'utf8'));
  return out;
}
