import { OrdinalError } from '../../../lib/errors.js';

/**
 * Why an RBD image could not be attached or released on this node. The message says it as a
 * person would need it (Ceph's own words when Ceph refused, the holder's address when the image
 * is in use) and never carries a key. The volume wiring turns it into FailedMount.
 */
export class RbdAttachError extends OrdinalError {}

export function isRbdAttachError(e: unknown): e is RbdAttachError {
  return e instanceof RbdAttachError;
}
