import { OrdinalError } from '../../lib/errors.js';

/**
 * Why a container cannot get what its spec asks for, worded as the kubelet words it. `reason` is
 * what the agent reports: 'CreateContainerConfigError' becomes the container's waiting reason (env,
 * subPath, unknown volume), 'FailedMount' the event reason for a volume that cannot be set up.
 * Messages name objects and keys, never values.
 */
export type PodInputReason = 'CreateContainerConfigError' | 'FailedMount';

export class PodInputError extends OrdinalError {
  readonly reason: PodInputReason;
  constructor(code: string, reason: PodInputReason, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.reason = reason;
  }
}

export function isPodInputError(e: unknown): e is PodInputError {
  return e instanceof PodInputError;
}

/** A config error for a container (the kubelet's CreateContainerConfigError). */
export function configError(code: string, message: string): PodInputError {
  return new PodInputError(code, 'CreateContainerConfigError', message);
}

/** `MountVolume.SetUp failed for volume "v" : <why>` (the kubelet's FailedMount event). */
export function mountError(code: string, volume: string, why: string, cause?: unknown): PodInputError {
  return new PodInputError(code, 'FailedMount', `MountVolume.SetUp failed for volume "${volume}" : ${why}`, cause === undefined ? undefined : { cause });
}
