import { OrdinalError } from '../lib/errors.js';

/**
 * A provisioner's or recycler's refusal (a selector, a path outside its root, an unknown parameter):
 * retrying the same request does not change the answer, so controllers report it and do not retry.
 * Any other error (a failing disk, a busy file) is transient and retried. `code` is stable.
 */
export class StorageError extends OrdinalError {}

export function isStorageError(e: unknown): e is StorageError {
  return e instanceof StorageError;
}
