/**
 * The pure decision of one reconcile. Sentinel is the failover authority: the plan never promotes.
 * It applies the rendered objects, points stray Redis pods at the master the Sentinels agree on
 * (REPLICAOF), keeps the role labels (the client Service follows the master), resets a Sentinel
 * whose view of a replica went stale (a pod came back with a new IP), and runs a rolling restart as
 * a persisted operation: replicas first, then `SENTINEL FAILOVER`, then the old master.
 */
import type { Operation, Plan, PlannedAction, StepRecord } from '../framework/types.js';
import { setConditions } from '../framework/index.js';
import { hostOfPod, namesOf, podOfHost, type RedisReplicationStatus } from './kind.js';
import type { Observed, RedisPodView } from './observed.js';
import { HASH_ANNOTATION } from './render.js';
import { health, linked, type Health } from './health.js';
import { abandonFailover, FAILOVER_OPERATION, failoverDeadlineMs, finishFailover, priorityStepState, startFailover } from './failover.js';
import { failoverResult, pendingFailoverRequest } from '../framework/failover-request.js';

export { agreedMaster } from './health.js';

export const POLL_MS = 2000;
/** While an operation runs: a handover's old master is paused until it is fenced. */
export const POLL_OPERATION_MS = 500;
/** The reason (and so the step detail) of the action that fences a handover's old master. */
const FENCE = 'fence';

const keyOf = (obj: Record<string, any>): string => `${obj['kind']}/${obj['metadata'].name}`; // eslint-disable-line @typescript-eslint/no-explicit-any

function applyActions(o: Observed): PlannedAction[] {
  const actions: PlannedAction[] = [];
  if (!o.secretExists) {
    if (o.spec.passwordSecret.generated) actions.push({ type: 'create-secret', name: o.spec.passwordSecret.name, key: o.spec.passwordSecret.key, reason: 'generate the password' });
  }
  for (const obj of o.desired) {
    const have = o.existing[keyOf(obj)];
    const want = obj['metadata'].annotations?.[HASH_ANNOTATION];
    if (have === undefined) actions.push({ type: 'apply', object: obj, reason: `create ${keyOf(obj)}` });
    else if (have !== want) actions.push({ type: 'apply', object: obj, reason: `update ${keyOf(obj)}` });
  }
  return actions;
}

/**
 * Pods on the wrong master (or masters that are not Sentinel's master) -> REPLICAOF the agreed one.
 * Only while every Sentinel names the same master: right after a promotion the Sentinels learn of it
 * one by one, and a majority still naming the old master made this demote the new one - throwing away
 * the writes it had acknowledged (seen as "cache-1 is a second master" during planned failovers).
 */
function repointActions(o: Observed, h: Health): PlannedAction[] {
  if (!h.master || !h.masterUp || h.failoverInProgress || !h.sentinelsAgree) return [];
  return o.redis
    .filter((p) => p.reachable && !p.deleting && p.pod !== h.masterPod && (p.role === 'master' || p.masterHost !== h.master))
    .map((p) => ({ type: 'replicaof', pod: p.pod, host: h.master, reason: `${p.pod} is ${p.role === 'master' ? 'a second master' : `replicating ${p.masterHost ?? 'nothing'}`}; Sentinel's master is ${h.masterPod}` }));
}

function labelActions(o: Observed, h: Health): PlannedAction[] {
  if (!h.masterPod) return [];
  return o.redis
    .filter((p) => p.reachable && !p.deleting)
    .map((p) => ({ p, want: p.pod === h.masterPod && h.masterUp ? 'master' : 'replica' }))
    .filter(({ p, want }) => p.roleLabel !== want)
    .map(({ p, want }) => ({ type: 'label-role', pod: p.pod, role: want, reason: `${p.pod} is ${want}` }));
}

/**
 * One Sentinel at a time: a replica it flags down although the pod answers and is linked, or a
 * down entry that is no pod's host at all (an address from before a pod moved). Sentinel never
 * drops such an entry itself, and while it lists a replica down it refuses a planned failover.
 */
function sentinelResetActions(o: Observed, h: Health): PlannedAction[] {
  if (!h.master || !h.sentinelsAgree || h.failoverInProgress) return [];
  const n = namesOf(o.spec);
  const healthyHosts = new Set(h.linkedReplicas.map((p) => hostOfPod(o.spec, p.pod)));
  const podHosts = new Set(Array.from({ length: o.spec.replicas }, (_, i) => n.redisHost(i)));
  const stale = o.sentinels.find((s) => (s.downReplicas ?? []).some((r) => healthyHosts.has(r) || !podHosts.has(r)));
  if (!stale) return [];
  const ghost = (stale.downReplicas ?? []).find((r) => !podHosts.has(r));
  return [{ type: 'sentinel-reset', pod: stale.pod, reason: ghost ? `${stale.pod} lists ${ghost}, no pod's address, as a down replica (stale)` : `${stale.pod} sees a live replica as down (stale address)` }];
}

const outdated = (o: Observed, p: RedisPodView): boolean => !!o.updateRevision && !!p.revision && p.revision !== o.updateRevision;

function newRollingRestart(o: Observed, h: Health): Operation | undefined {
  if (!o.updateRevision || !h.masterPod) return undefined;
  const old = o.redis.filter((p) => outdated(o, p));
  if (old.length === 0) return undefined;
  const replicas = old.filter((p) => p.pod !== h.masterPod).map((p) => p.pod).sort();
  const masterOld = old.some((p) => p.pod === h.masterPod);
  const steps: StepRecord[] = [
    ...replicas.map((pod) => ({ name: `restart:${pod}`, state: 'pending' as const })),
    ...(masterOld ? [{ name: `failover:${h.masterPod}`, state: 'pending' as const }, { name: `restart:${h.masterPod}`, state: 'pending' as const }] : []),
  ];
  return { id: `rolling-restart-${o.updateRevision}`, type: 'RollingRestart', params: { revision: o.updateRevision }, steps, startedAt: o.now };
}

/** Is the step's goal reached (observed), and may its action be issued now? */
function stepState(o: Observed, h: Health, step: StepRecord, why: string): { done: boolean; action?: PlannedAction; waiting: string } {
  const priority = priorityStepState(o, step);
  if (priority) return priority;
  const [verb, pod] = step.name.split(':') as [string, string];
  const p = o.redis.find((x) => x.pod === pod);
  const healthy = h.healthy;
  if (verb === 'failover') {
    if (h.master && h.masterPod && h.masterPod !== pod && h.masterUp && !h.failoverInProgress) {
      // switched: fence the old master (still paused by the handover) before the step is done
      const fenced = (step.detail ?? '').startsWith(FENCE);
      if (!p || !p.reachable || p.deleting || (fenced && p.role !== 'master')) return { done: true, waiting: '' };
      const reason = `${FENCE} ${pod}: replica of ${h.masterPod}${p.role === 'master' ? ', its clients disconnected' : ''}, writes unpaused`;
      return { done: false, action: { type: 'fence-old-master', pod, host: h.master, kill: p.role === 'master', reason }, waiting: `${pod} fenced` };
    }
    // issued once; again only if nothing happened within failover-timeout (e.g. a crash right after recording it)
    const quiet = step.state !== 'running' || Date.parse(o.now) - Date.parse(step.at ?? o.now) > o.spec.sentinel.failoverTimeout;
    // Sentinel refuses (NOGOODSLAVE) while it sees a replica down: wait until every Sentinel sees them up
    const sentinelsSeeReplicas = o.sentinels.every((s) => (s.unlinkedReplicas ?? s.downReplicas ?? []).length === 0);
    const may = h.masterPod === pod && healthy && sentinelsSeeReplicas && !h.failoverInProgress && quiet;
    // while Sentinel fails over, the old master's pause is renewed: it must not end before the fence
    const keep = h.masterPod === pod && h.failoverInProgress && step.state === 'running' && !!p?.reachable && p.role === 'master';
    const action = may ? { type: 'sentinel-failover', pod, reason: `hand over from ${pod} ${why}` } : keep ? { type: 'keep-paused', pod, reason: `${pod}'s writes stay paused while Sentinel fails over` } : undefined;
    return { done: false, ...(action ? { action } : {}), waiting: `Sentinel failover away from ${pod}` };
  }
  // restart:<pod>
  const upToDate = !!p && !outdated(o, p) && !p.deleting && p.ready && p.reachable && (p.pod === h.masterPod || (!!h.master && linked(p, h.master)));
  if (upToDate) return { done: true, waiting: '' };
  const may = !!p && outdated(o, p) && !p.deleting && h.masterPod !== pod && healthy;
  return { done: false, ...(may ? { action: { type: 'delete-pod', pod, reason: `restart ${pod} with the new template` } } : {}), waiting: `${pod} restarted and in sync` };
}

function runOperation(o: Observed, h: Health, op: Operation): { op?: Operation; actions: PlannedAction[]; waiting?: string } {
  const steps = op.steps.map((s) => ({ ...s }));
  for (const step of steps) {
    if (step.state === 'done') continue;
    const st = stepState(o, h, step, op.type === FAILOVER_OPERATION ? '(ordinal failover)' : 'before restarting it');
    if (st.done) {
      Object.assign(step, { state: 'done', at: o.now });
      continue;
    }
    if (st.action) Object.assign(step, { state: 'running', at: o.now, detail: st.action.reason });
    return { op: { ...op, steps }, actions: st.action ? [st.action] : [], waiting: st.waiting };
  }
  return { actions: [] };
}

export function plan(o: Observed): Plan<RedisReplicationStatus> {
  const gen = o.rr.metadata.generation;
  const prev = o.rr.status ?? {};
  const actions = applyActions(o);
  const h = health(o);
  let operation = prev.operation;
  let waitingFor: string | undefined;
  let failover = prev.failover;
  const request = pendingFailoverRequest(o.rr);
  if (actions.length === 0) {
    actions.push(...labelActions(o, h), ...repointActions(o, h), ...sentinelResetActions(o, h));
    if (operation?.type === FAILOVER_OPERATION && Date.parse(o.now) - Date.parse(operation.startedAt) > failoverDeadlineMs(o)) {
      const given = abandonFailover(o, operation);
      failover = given.result;
      actions.push(...given.actions);
      operation = undefined;
    }
    if (request && !operation && actions.length === 0) {
      const started = startFailover(o, h, request);
      failover = started.result;
      operation = started.operation;
    } else if (request && operation && operation.params['requestId'] !== request.id && failover?.requestId !== request.id) {
      failover = failoverResult(request, 'Running', `waiting for the ${operation.type} operation to finish`, new Date(o.now));
    }
    if (!operation && actions.length === 0) operation = newRollingRestart(o, h);
    if (operation) {
      const running = operation;
      const r = runOperation(o, h, operation);
      operation = r.op;
      // a handover's old master is the fence action's alone (it also unpauses the writers)
      const fenced = new Set(r.actions.filter((a) => a.type === 'fence-old-master').map((a) => a['pod']));
      actions.splice(0, actions.length, ...actions.filter((a) => !(a.type === 'replicaof' && fenced.has(a['pod']))));
      actions.push(...r.actions);
      waitingFor = r.waiting;
      if (!operation && running.type === FAILOVER_OPERATION) failover = finishFailover(o, h, running);
    }
  }
  const ready = h.healthy;
  const notReady = (): [string, string] => {
    if (o.redis.length < o.spec.replicas) return ['WaitingForPods', `waiting for ${o.spec.replicas - o.redis.length} Redis pod(s)`];
    if (!h.master) return ['NoAgreedMaster', `waiting for a majority of the ${o.spec.sentinel.replicas} Sentinels to name a master`];
    if (!h.masterUp) return ['MasterDown', `Sentinel's master ${h.masterPod ?? h.master} does not answer as master; Sentinel fails over after ${o.spec.sentinel.downAfterMilliseconds} ms`];
    if (h.linkedReplicas.length < o.spec.replicas - 1) return ['ReplicaLinkDown', `${h.linkedReplicas.length}/${o.spec.replicas - 1} replicas linked to ${h.masterPod}`];
    if (!h.sentinelsAgree) return ['SentinelsDisagree', `waiting for all ${o.spec.sentinel.replicas} Sentinels to name ${h.masterPod}`];
    return ['SentinelsLearning', `waiting for every Sentinel to list the ${o.spec.replicas - 1} replicas as healthy and to know the other ${o.spec.sentinel.replicas - 1} Sentinels (until then no failover could replace ${h.masterPod})`];
  };
  const progressing = actions.length > 0 || !!operation || !ready;
  const progressingWhy = operation ? `${operation.type}: ${waitingFor ?? 'running'}` : actions[0]?.reason ?? (ready ? 'nothing to do' : notReady()[1]);
  const degraded = h.masterUp && !ready;
  const [notReadyReason, notReadyMessage] = ready ? ['', ''] : notReady();
  const conditions = setConditions(prev.conditions, [
    ready
      ? { type: 'Ready', status: 'True', reason: 'Ready', message: `master ${h.masterPod}, ${h.linkedReplicas.length} replica(s) linked, ${o.sentinels.length} Sentinels agree` }
      : { type: 'Ready', status: 'False', reason: notReadyReason, message: notReadyMessage },
    { type: 'Progressing', status: progressing ? 'True' : 'False', reason: operation ? operation.type : progressing ? 'Reconciling' : 'Idle', message: progressingWhy },
    { type: 'Degraded', status: degraded ? 'True' : 'False', reason: degraded ? 'ReducedRedundancy' : 'AsExpected', message: degraded ? notReady()[1] : 'all replicas and Sentinels in place' },
  ], new Date(o.now), gen).sort((a, b) => a.type.localeCompare(b.type));
  const status: RedisReplicationStatus = {
    ...(gen !== undefined ? { observedGeneration: gen } : {}),
    conditions,
    ...(operation ? { operation } : {}),
    ...(failover ? { failover } : {}),
    ...(h.masterPod ? { master: h.masterPod } : {}),
    readyReplicas: h.linkedReplicas.length,
    replicas: o.redis.map((p) => ({ pod: p.pod, role: p.reachable ? (p.role === 'slave' ? 'replica' : (p.role ?? 'unknown')) : 'unreachable', ...(p.linkStatus ? { linkStatus: p.linkStatus } : {}), ...(p.masterHost ? { masterHost: p.masterHost } : {}),
      ...(p.nodeName ? { nodeName: p.nodeName } : {}), ...(p.offset !== undefined ? { offset: p.offset } : {}),
    })),
    sentinels: o.sentinels.map((s) => ({ pod: s.pod, reachable: s.reachable, ...(s.master ? { master: podOfHost(o.spec, s.master) ?? s.master } : {}) })),
  };
  return { actions, status, ...(waitingFor ? { waitingFor } : {}), ...(ready && !operation && actions.length === 0 ? { requeueAfterMs: 10_000 } : { requeueAfterMs: operation ? POLL_OPERATION_MS : POLL_MS }) };
}
