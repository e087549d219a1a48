import { ApiError, apiErrors } from '../../lib/errors.js';
import type { KubeObject, StoredObject } from '../../store/types.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError } from '../patch/index.js';
import type { ResourceInfo } from '../registry/types.js';
import { decodeBody } from '../http/body.js';

export const patchMediaTypes = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** Apply a PATCH body of the given media type to an object; the result still has to be committed. */
export function applyPatch(info: ResourceInfo, target: KubeObject, mediaType: string, body: Buffer): KubeObject {
  if (mediaType === patchMediaTypes.apply) {
    throw apiErrors.unsupportedMediaType('server-side apply (application/apply-patch+yaml) is not supported by ordinal yet; use client-side `kubectl apply` (the default)');
  }
  const allowed: string[] = [patchMediaTypes.json, patchMediaTypes.merge, ...(info.custom ? [] : [patchMediaTypes.strategic])];
  if (!allowed.includes(mediaType)) {
    throw apiErrors.unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${allowed.join(', ')}`);
  }
  const patch = decodeBody(body, 'application/json');
  let result: unknown;
  try {
    if (mediaType === patchMediaTypes.json) result = applyJsonPatch(target, patch);
    else if (mediaType === patchMediaTypes.merge) result = applyMergePatch(target, patch);
    else result = applyStrategicMergePatch(target, patch, { group: info.group, kind: info.kind });
  } catch (e) {
    if (e instanceof PatchError) {
      if (e.code === 'E_PATCH_UNSUPPORTED') throw apiErrors.unsupportedMediaType(e.message);
      if (e.code === 'E_PATCH_FAILED') {
        throw new ApiError('E_PATCH_FAILED', 422, 'Invalid', `the server rejected our request due to an error in our request: ${e.message}`);
      }
      throw apiErrors.badRequest(e.message);
    }
    throw e;
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw apiErrors.badRequest('the patch did not produce an object');
  }
  return result as KubeObject;
}

/** The resourceVersion the patched object carries acts as a precondition only if the patch changed it. */
export function patchPrecondition(current: StoredObject, patched: KubeObject): string | undefined {
  const rv = patched['metadata']?.resourceVersion;
  return rv !== undefined && String(rv) !== String(current.rev) ? String(rv) : undefined;
}
