import { OrdinalError } from '../../lib/errors.js';

/**
 * A pod network failure with a stable `code`: E_IPAM_* for address bookkeeping, E_CIDR for a bad
 * or overlapping range, E_NAME for a prefix or pod uid that cannot name a namespace or link,
 * E_COMMAND for an `ip` invocation that failed (its stderr is in the message).
 */
export class NetworkError extends OrdinalError {}

export function isNetworkError(e: unknown): e is NetworkError {
  return e instanceof NetworkError;
}
