import { OrdinalError } from '../../lib/errors.js';

/**
 * Why a patch could not be applied. The HTTP layer maps these the way kube-apiserver does:
 * - E_PATCH_INVALID: the patch document is malformed (400 BadRequest);
 * - E_PATCH_FAILED: the patch is well formed but does not apply to this object, e.g. a JSON
 *   patch path that does not exist or a failed `test` (422 Unprocessable Entity);
 * - E_PATCH_UNSUPPORTED: strategic merge patch on a kind without patch metadata, such as a
 *   custom resource (415 UnsupportedMediaType).
 */
export type PatchErrorCode = 'E_PATCH_INVALID' | 'E_PATCH_FAILED' | 'E_PATCH_UNSUPPORTED';

export class PatchError extends OrdinalError {
  declare readonly code: PatchErrorCode;
  constructor(code: PatchErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export function invalidPatch(message: string): PatchError {
  return new PatchError('E_PATCH_INVALID', message);
}

export function failedPatch(message: string): PatchError {
  return new PatchError('E_PATCH_FAILED', message);
}
