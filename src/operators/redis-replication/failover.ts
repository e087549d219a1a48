/**
 * `ordinal failover redisreplication NAME [--to POD]`, planned (pure). Sentinel stays the authority:
 * the operator only asks it (`SENTINEL FAILOVER`, after pausing writes on the master until the
 * replicas have every write, see act.ts). A chosen pod is made Sentinel's pick by a temporary
 * replica-priority of 1 (Sentinel prefers the lowest non-zero priority), restored afterwards.
 * Steps of the persisted operation: `priority:<to>` (only with --to), `failover:<master>`,
 * `restore-priority:<to>` (only with --to).
 */
import { failoverResult, FAILOVER_AUTO, type FailoverRequest, type FailoverResult } from '../framework/failover-request.js';
import type { Operation, PlannedAction, StepRecord } from '../framework/types.js';
import type { Health } from './health.js';
import { linked } from './health.js';
import { hostOfPod } from './kind.js';
import type { Observed } from './observed.js';

export const FAILOVER_OPERATION = 'Failover';
/** The temporary priority of the pod Sentinel must promote. */
export const PREFERRED_PRIORITY = 1;

/** The replica-priority the pods run with when the operator does not steer (redis.conf or 100). */
export function defaultPriority(o: Pick<Observed, 'spec'>): number {
  const v = Number(o.spec.config['replica-priority'] ?? o.spec.config['slave-priority'] ?? 100);
  return Number.isFinite(v) ? v : 100;
}

/** A Failover may run at most this long before it is given up (and the priority restored). */
export function failoverDeadlineMs(o: Pick<Observed, 'spec'>): number {
  return 2 * o.spec.sentinel.failoverTimeout + 30_000;
}

/** A new request: the operation to run, or the answer at once (nothing to do, or impossible now). */
/** How long a request waits for Sentinels that are still learning the replicas and each other. */
export const LEARNING_WAIT_MS = 60_000;

export function startFailover(o: Observed, h: Health, req: FailoverRequest): { operation?: Operation; result: FailoverResult } {
  const now = new Date(o.now);
  const from = h.masterPod;
  // healthy but for Sentinels still learning (e.g. one was just reset): wait for them, a while
  const learning = !!from && h.masterUp && h.sentinelsAgree && h.linkedReplicas.length === o.spec.replicas - 1 && !h.sentinelsKnowAll;
  const prev = o.rr.status?.failover;
  const since = prev?.requestId === req.id && prev.result === 'Running' && prev.at ? Date.parse(prev.at) : now.getTime();
  if (learning && now.getTime() - since < LEARNING_WAIT_MS) {
    return { result: { ...failoverResult(req, 'Running', 'waiting for every Sentinel to list the replicas as healthy and to know the other Sentinels', now, { from }), at: new Date(since).toISOString() } };
  }
  if (!h.healthy || !from) {
    const why = !from ? 'the Sentinels agree on no master' : !h.masterUp ? `master ${from} does not answer` : !h.sentinelsAgree ? 'the Sentinels do not all agree on the master'
      : learning ? `a Sentinel still does not know every replica and the other Sentinels after ${LEARNING_WAIT_MS / 1000} s` : `${h.linkedReplicas.length}/${o.spec.replicas - 1} replicas linked`;
    return { result: failoverResult(req, 'Failed', `not healthy (${why}); a planned failover needs every replica in sync - try again when Ready`, now, from ? { from } : {}) };
  }
  if (req.to === from) return { result: failoverResult(req, 'Succeeded', `${from} is already the master`, now, { from, to: from }) };
  if (req.to === FAILOVER_AUTO && h.linkedReplicas.length === 0) return { result: failoverResult(req, 'Failed', 'no replica to hand over to', now, { from }) };
  if (req.to !== FAILOVER_AUTO) {
    const target = o.redis.find((p) => p.pod === req.to);
    if (!target || !h.master || !linked(target, h.master)) {
      return { result: failoverResult(req, 'Failed', `${req.to} is not a replica in sync with ${from} (pods: ${o.redis.map((p) => p.pod).join(', ')})`, now, { from }) };
    }
  }
  const pending = (name: string): StepRecord => ({ name, state: 'pending' });
  const steps = req.to === FAILOVER_AUTO
    ? [pending(`failover:${from}`)]
    : [pending(`priority:${req.to}`), pending(`failover:${from}`), pending(`restore-priority:${req.to}`)];
  return {
    operation: { id: `failover-${req.id}`, type: FAILOVER_OPERATION, params: { requestId: req.id, to: req.to, from }, steps, startedAt: o.now },
    result: failoverResult(req, 'Running', `handing over from ${from} to ${req.to === FAILOVER_AUTO ? 'the replica Sentinel picks' : req.to}`, now, { from }),
  };
}

/** The priority steps (the failover step itself is the rolling restart's, in plan.ts). */
export function priorityStepState(o: Observed, step: StepRecord): { done: boolean; action?: PlannedAction; waiting: string } | undefined {
  const [verb, pod] = step.name.split(':') as [string, string];
  if (verb !== 'priority' && verb !== 'restore-priority') return undefined;
  const p = o.redis.find((x) => x.pod === pod);
  const want = verb === 'priority' ? PREFERRED_PRIORITY : defaultPriority(o);
  const set: PlannedAction = { type: 'set-priority', pod, priority: want, reason: verb === 'priority' ? `make ${pod} Sentinel's pick (replica-priority ${want})` : `restore replica-priority ${want} on ${pod}` };
  if (!p || !p.reachable) return { done: false, waiting: `${pod} to answer` };
  if (p.priority !== want) return { done: false, action: set, waiting: `${pod} replica-priority ${want}` };
  if (verb === 'restore-priority') return { done: true, waiting: '' };
  // Sentinel reads a replica's priority from its INFO (every 10 s): wait until every Sentinel has it
  const host = hostOfPod(o.spec, pod);
  const stale = o.sentinels.filter((s) => s.replicaPriorities?.[host] !== want).map((s) => s.pod);
  return stale.length === 0 ? { done: true, waiting: '' } : { done: false, waiting: `${stale.join(', ')} to read ${pod}'s replica-priority` };
}

/** The outcome once the operation's steps are all done. */
export function finishFailover(o: Observed, h: Health, op: Operation): FailoverResult {
  const req = { id: String(op.params['requestId']), to: String(op.params['to']) };
  const from = String(op.params['from']);
  const now = new Date(o.now);
  const to = h.masterPod;
  if (!to || to === from) return failoverResult(req, 'Failed', `${from} is still the master`, now, { from, ...(to ? { to } : {}) });
  if (req.to !== FAILOVER_AUTO && to !== req.to) return failoverResult(req, 'Failed', `Sentinel promoted ${to}, not ${req.to}`, now, { from, to });
  return failoverResult(req, 'Succeeded', `master handed over from ${from} to ${to}; writes were paused until the replicas had every write`, now, { from, to });
}

/** A Failover that ran too long: given up, and the steered priority put back. */
export function abandonFailover(o: Observed, op: Operation): { result: FailoverResult; actions: PlannedAction[] } {
  const req = { id: String(op.params['requestId']), to: String(op.params['to']) };
  const from = String(op.params['from']);
  const at = op.steps.find((s) => s.state !== 'done');
  const result = failoverResult(req, 'Failed', `gave up after ${failoverDeadlineMs(o) / 1000} s at step ${at?.name ?? '?'}${at?.detail ? ` (${at.detail})` : ''}`, new Date(o.now), { from });
  const p = req.to !== FAILOVER_AUTO ? o.redis.find((x) => x.pod === req.to) : undefined;
  const actions: PlannedAction[] = p && p.reachable && p.priority !== defaultPriority(o)
    ? [{ type: 'set-priority', pod: p.pod, priority: defaultPriority(o), reason: `restore replica-priority on ${p.pod} after the abandoned failover` }]
    : [];
  return { result, actions };
}
