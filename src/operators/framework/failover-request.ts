import { randomBytes } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { FailoverResultSchema } from './status-schema.js';

/**
 * A manual failover is requested through two annotations on the custom resource (`ordinal failover`
 * sets them): the target pod (or `auto`: the operator picks the best replica) and a request id.
 * The operator acts once per id and reports the outcome in `status.failover` with the same id.
 */

export const FAILOVER_TO_ANNOTATION = 'ordinal.dev/failover-to';
export const FAILOVER_REQUEST_ANNOTATION = 'ordinal.dev/failover-request';
export const FAILOVER_AUTO = 'auto';

export type FailoverResult = Static<typeof FailoverResultSchema>;

export interface FailoverRequest {
  id: string;
  /** A pod name, or `auto`. */
  to: string;
}

interface WithFailover {
  metadata?: { annotations?: Record<string, string> };
  status?: { failover?: FailoverResult };
}

/** A request id: time-ordered and unique enough (`20250101T120000-3f9a`). */
export function newFailoverRequestId(now: Date, random: () => string = () => randomBytes(2).toString('hex')): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '')}-${random()}`;
}

/** The annotations to merge-patch onto the object. */
export function failoverAnnotations(request: FailoverRequest): Record<string, string> {
  return { [FAILOVER_TO_ANNOTATION]: request.to, [FAILOVER_REQUEST_ANNOTATION]: request.id };
}

/** The request on the object that is not finished yet (no terminal result with its id), if any. */
export function pendingFailoverRequest(obj: WithFailover): FailoverRequest | undefined {
  const a = obj.metadata?.annotations ?? {};
  const id = a[FAILOVER_REQUEST_ANNOTATION];
  const to = a[FAILOVER_TO_ANNOTATION];
  if (!id || !to) return undefined;
  const done = obj.status?.failover;
  if (done && done.requestId === id && done.result !== 'Running') return undefined;
  return { id, to };
}

/** The result of request `id` as reported in status, once it is Succeeded or Failed. */
export function finishedFailover(obj: WithFailover, id: string): FailoverResult | undefined {
  const r = obj.status?.failover;
  return r && r.requestId === id && r.result !== 'Running' ? r : undefined;
}

export function failoverResult(request: FailoverRequest, result: FailoverResult['result'], message: string, now: Date, pods: { from?: string; to?: string } = {}): FailoverResult {
  return {
    requestId: request.id,
    result,
    message,
    ...(pods.from !== undefined ? { from: pods.from } : {}),
    ...(pods.to !== undefined ? { to: pods.to } : {}),
    at: now.toISOString(),
  };
}
