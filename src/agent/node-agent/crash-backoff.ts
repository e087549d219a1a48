/**
 * The kubelet's restart back-off for a container (and its image-pull back-off): 10 s after the
 * first failure, doubling to 5 min; a container that ran for 10 min resets it.
 */
export interface BackoffState {
  /** The delay applied at the last failure (0 before any). */
  delayMs: number;
  /** No restart before this time (epoch ms). */
  until: number;
}

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** A container that ran at least this long starts over at the initial delay. */
export const BACKOFF_RESET_MS = 600_000;

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  resetMs: number;
}

export const kubeletBackoff: BackoffPolicy = { initialMs: INITIAL_BACKOFF_MS, maxMs: MAX_BACKOFF_MS, resetMs: BACKOFF_RESET_MS };

/** The back-off after a failure at `now`; `ranMs` is how long the failed container had run. */
export function nextBackoff(prev: BackoffState | undefined, now: number, ranMs: number, policy: BackoffPolicy = kubeletBackoff): BackoffState {
  const fresh = !prev || prev.delayMs === 0 || ranMs >= policy.resetMs;
  const delayMs = fresh ? policy.initialMs : Math.min(prev.delayMs * 2, policy.maxMs);
  return { delayMs, until: now + delayMs };
}

/** Milliseconds still to wait (0 when the back-off is over). */
export function remainingBackoff(state: BackoffState | undefined, now: number): number {
  return state ? Math.max(0, state.until - now) : 0;
}

/** The kubelet's wording while it waits. */
export function backoffMessage(delayMs: number, container: string, pod: string, namespace: string, uid: string): string {
  return `back-off ${formatDuration(delayMs)} restarting failed container=${container} pod=${pod}_${namespace}(${uid})`;
}

/** Go's time.Duration formatting for whole seconds: 10s, 1m20s, 5m0s. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${s % 60}s`;
}
