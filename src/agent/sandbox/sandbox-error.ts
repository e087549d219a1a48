import { OrdinalError } from '../../lib/errors.js';

/**
 * A sandbox failure with a stable `code`: 'StartError' when a container cannot start (program not
 * found, a mount bwrap refuses, bwrap missing); the message then reads like a container runtime's.
 */
export class SandboxError extends OrdinalError {}

export function isSandboxError(e: unknown): e is SandboxError {
  return e instanceof SandboxError;
}
