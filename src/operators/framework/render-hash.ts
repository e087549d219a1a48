/**
 * The render hash: every object an operator owns carries, in an annotation, a hash of what the
 * operator rendered for it. Observe reads the annotation back; a different hash means the spec
 * changed and the object is updated (no field-by-field comparison with server defaults).
 */
import { createHash } from 'node:crypto';
import { stableStringify } from '../../client/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const HASH_ANNOTATION = 'ordinal.dev/render-hash';

export function hashOf(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 16);
}

/** `obj` with the hash annotation of `hashed` (default: the object itself). */
export function stampHash(obj: Obj, hashed: unknown = obj): Obj {
  return { ...obj, metadata: { ...obj['metadata'], annotations: { ...(obj['metadata'].annotations ?? {}), [HASH_ANNOTATION]: hashOf(hashed) } } };
}

/** The hash annotation of an object as it is in the API ('' when absent). */
export function renderHashOf(obj: Obj | undefined): string {
  return obj?.['metadata']?.annotations?.[HASH_ANNOTATION] ?? '';
}
