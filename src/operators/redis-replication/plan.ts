/**
 * The pure decision of one reconcile. Sentinel is the failover authority: the plan never promotes.
 * It applies the rendered objects, points stray Redis pods at the master the Sentinels agree on
 * (REPLICAOF), keeps the role labels (the client Service follows the master), resets a Sentinel
 * whose view of a replica went stale (a pod came back with a new IP), and runs a rolling restart as
 * a persisted operation: replicas first, then `SENTINEL FAILOVER`, then the old master.
 */
import type { Operation, Plan, PlannedAction, StepRecord } from '../framework/types.js';
import { setCondition } from './conditions.js';
import { namesOf, podOfHost, type RedisReplicationStatus } from './kind.js';
import type { Observed, RedisPodView } from './observed.js';
import { HASH_ANNOTATION } from './render.js';

export const POLL_MS = 2000;

/** The master a majority of all Sentinels names (undefined when none has a majority). */
export function agreedMaster(o: Observed): string | undefined {
  const votes = new Map<string, number>();
  for (const s of o.sentinels) if (s.reachable && s.master) votes.set(s.master, (votes.get(s.master) ?? 0) + 1);
  const majority = Math.floor(o.spec.sentinel.replicas / 2) + 1;
  for (const [host, n] of votes) if (n >= majority) return host;
  return undefined;
}

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

const linked = (p: RedisPodView, master: string): boolean => p.reachable && p.role === 'slave' && p.masterHost === master && p.linkStatus === 'up';

interface Health {
  master?: string;
  masterPod?: string;
  masterUp: boolean;
  linkedReplicas: RedisPodView[];
  sentinelsAgree: boolean;
  failoverInProgress: boolean;
}

function health(o: Observed): Health {
  const master = agreedMaster(o);
  const masterPod = podOfHost(o.spec, master);
  const mp = o.redis.find((p) => p.pod === masterPod);
  const masterUp = !!mp && mp.reachable && mp.role === 'master' && !mp.deleting;
  const linkedReplicas = master ? o.redis.filter((p) => p.pod !== masterPod && linked(p, master)) : [];
  const sentinelsAgree = o.sentinels.length === o.spec.sentinel.replicas && o.sentinels.every((s) => s.reachable && s.master === master);
  return { ...(master ? { master } : {}), ...(masterPod ? { masterPod } : {}), masterUp, linkedReplicas, sentinelsAgree, failoverInProgress: o.sentinels.some((s) => s.failoverInProgress) };
}

/** Pods on the wrong master (or masters that are not Sentinel's master) -> REPLICAOF the agreed one. */
function repointActions(o: Observed, h: Health): PlannedAction[] {
  if (!h.master || !h.masterUp || h.failoverInProgress) return [];
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

/** One Sentinel at a time: a replica it flags down although the pod answers and is linked. */
function sentinelResetActions(o: Observed, h: Health): PlannedAction[] {
  if (!h.master || !h.sentinelsAgree || h.failoverInProgress) return [];
  const n = namesOf(o.spec);
  const healthyHosts = new Set(h.linkedReplicas.map((p) => n.redisHost(Number(p.pod.slice(p.pod.lastIndexOf('-') + 1)))));
  const stale = o.sentinels.find((s) => (s.downReplicas ?? []).some((r) => healthyHosts.has(r)));
  return stale ? [{ type: 'sentinel-reset', pod: stale.pod, reason: `${stale.pod} sees a live replica as down (stale address)` }] : [];
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
function stepState(o: Observed, h: Health, step: StepRecord): { done: boolean; action?: PlannedAction; waiting: string } {
  const [verb, pod] = step.name.split(':') as [string, string];
  const p = o.redis.find((x) => x.pod === pod);
  const healthy = h.masterUp && h.sentinelsAgree && h.linkedReplicas.length === o.spec.replicas - 1;
  if (verb === 'failover') {
    if (h.masterPod && h.masterPod !== pod && h.masterUp && !h.failoverInProgress) return { done: true, waiting: '' };
    // issued once; again only if nothing happened within failover-timeout (e.g. a crash right after recording it)
    const quiet = step.state !== 'running' || Date.parse(o.now) - Date.parse(step.at ?? o.now) > o.spec.sentinel.failoverTimeout;
    // Sentinel refuses (NOGOODSLAVE) while it sees a replica down: wait until every Sentinel sees them up
    const sentinelsSeeReplicas = o.sentinels.every((s) => (s.downReplicas ?? []).length === 0);
    const may = h.masterPod === pod && healthy && sentinelsSeeReplicas && !h.failoverInProgress && quiet;
    return { done: false, ...(may ? { action: { type: 'sentinel-failover', pod, reason: `hand over from ${pod} before restarting it` } } : {}), waiting: `Sentinel failover away from ${pod}` };
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
    const st = stepState(o, h, step);
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
  if (actions.length === 0) {
    actions.push(...labelActions(o, h), ...repointActions(o, h), ...sentinelResetActions(o, h));
    if (!operation && actions.length === 0) operation = newRollingRestart(o, h);
    if (operation) {
      const r = runOperation(o, h, operation);
      operation = r.op;
      actions.push(...r.actions);
      waitingFor = r.waiting;
    }
  }
  const ready = h.masterUp && h.sentinelsAgree && h.linkedReplicas.length === o.spec.replicas - 1;
  const notReady = (): [string, string] => {
    if (o.redis.length < o.spec.replicas) return ['WaitingForPods', `waiting for ${o.spec.replicas - o.redis.length} Redis pod(s)`];
    if (!h.master) return ['NoAgreedMaster', `waiting for a majority of the ${o.spec.sentinel.replicas} Sentinels to name a master`];
    if (!h.masterUp) return ['MasterDown', `Sentinel's master ${h.masterPod ?? h.master} does not answer as master; Sentinel fails over after ${o.spec.sentinel.downAfterMilliseconds} ms`];
    if (h.linkedReplicas.length < o.spec.replicas - 1) return ['ReplicaLinkDown', `${h.linkedReplicas.length}/${o.spec.replicas - 1} replicas linked to ${h.masterPod}`];
    return ['SentinelsDisagree', `waiting for all ${o.spec.sentinel.replicas} Sentinels to name ${h.masterPod}`];
  };
  let conditions = prev.conditions;
  if (ready) conditions = setCondition(conditions, 'Ready', 'True', 'Ready', `master ${h.masterPod}, ${h.linkedReplicas.length} replica(s) linked, ${o.sentinels.length} Sentinels agree`, o.now, gen);
  else conditions = setCondition(conditions, 'Ready', 'False', ...notReady(), o.now, gen);
  const progressing = actions.length > 0 || !!operation || !ready;
  const progressingWhy = operation ? `${operation.type}: ${waitingFor ?? 'running'}` : actions[0]?.reason ?? (ready ? 'nothing to do' : notReady()[1]);
  conditions = setCondition(conditions, 'Progressing', progressing ? 'True' : 'False', operation ? operation.type : progressing ? 'Reconciling' : 'Idle', progressingWhy, o.now, gen);
  const degraded = h.masterUp && !ready;
  conditions = setCondition(conditions, 'Degraded', degraded ? 'True' : 'False', degraded ? 'ReducedRedundancy' : 'AsExpected', degraded ? notReady()[1] : 'all replicas and Sentinels in place', o.now, gen);
  const status: RedisReplicationStatus = {
    ...(gen !== undefined ? { observedGeneration: gen } : {}),
    conditions,
    ...(operation ? { operation } : {}),
    ...(h.masterPod ? { master: h.masterPod } : {}),
    readyReplicas: h.linkedReplicas.length,
    replicas: o.redis.map((p) => ({ pod: p.pod, role: p.reachable ? (p.role === 'slave' ? 'replica' : (p.role ?? 'unknown')) : 'unreachable', ...(p.linkStatus ? { linkStatus: p.linkStatus } : {}), ...(p.masterHost ? { masterHost: p.masterHost } : {}) })),
    sentinels: o.sentinels.map((s) => ({ pod: s.pod, reachable: s.reachable, ...(s.master ? { master: podOfHost(o.spec, s.master) ?? s.master } : {}) })),
  };
  return { actions, status, ...(waitingFor ? { waitingFor } : {}), ...(ready && !operation && actions.length === 0 ? { requeueAfterMs: 10_000 } : { requeueAfterMs: POLL_MS }) };
}
