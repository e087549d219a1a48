/**
 * The StatefulSet algorithm as a pure function: observed state in, a plan out. The order of a sync:
 * ownership (adopt/release), revisions, the pods in range (ascending), scale down (descending), the
 * rolling update, status, then history trimming. OrderedReady stops a phase at its first blocker and
 * skips the phases after it; Parallel runs every pod of a phase and only an error skips the rest.
 */
import type { KubeObject } from '../runtime/index.js';
import { claimPods, claimRevisions } from './ownership.js';
import { processCondemned } from './plan-condemned.js';
import { processReplica } from './plan-replicas.js';
import { planRollingUpdate } from './plan-update.js';
import { ordinalOf } from './pod-identity.js';
import { isUnavailable, podRevision } from './pod-state.js';
import { resolveRevisions, revisionsToTrim, templateOf } from './revisions.js';
import { isBeingDeleted, isInRange, isParallel, minReadySeconds, replicaCount, startOrdinal } from './set-spec.js';
import { completeRollingUpdate, computeStatus, statusDiffers } from './status.js';
import { wakeWhenAvailable, type Step, type SyncContext } from './sync-context.js';
import type { Observed, Plan } from './types.js';

/** Run steps in order; monotonic stops at the first that is not 'continue', otherwise all run. */
function runAll(monotonic: boolean, steps: (() => Step)[]): Step {
  let result: Step = 'continue';
  for (const step of steps) {
    const r = step();
    if (monotonic && r !== 'continue') return r;
    if (r === 'error') result = 'error';
  }
  return result;
}

interface Split {
  slots: (KubeObject | undefined)[];
  condemned: KubeObject[];
  firstUnhealthy: KubeObject | undefined;
}

function splitPods(set: KubeObject, pods: KubeObject[], now: Date): Split {
  const start = startOrdinal(set);
  const slots: (KubeObject | undefined)[] = new Array<KubeObject | undefined>(replicaCount(set)).fill(undefined);
  const condemned: KubeObject[] = [];
  for (const pod of pods) {
    const ordinal = ordinalOf(pod);
    if (isInRange(set, ordinal)) slots[ordinal - start] = pod;
    else if (ordinal >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  // The lowest unavailable pod: a missing one in range (never condemned) or else a condemned one.
  const unavailable = (p: KubeObject | undefined) => !p || isUnavailable(p, minReadySeconds(set), now);
  const inRange = slots.findIndex(unavailable);
  const firstUnhealthy = inRange >= 0 ? slots[inRange] : [...condemned].reverse().find(unavailable);
  return { slots, condemned, firstUnhealthy };
}

export function planStatefulSet(observed: Observed, now: Date): Plan {
  const { set } = observed;
  const pods = claimPods(set, observed.pods);
  const revisions = claimRevisions(set, observed.revisions);
  const resolved = resolveRevisions(set, revisions.owned, observed.revisions);
  const c: SyncContext = {
    set,
    now,
    monotonic: !isParallel(set),
    claims: new Map(observed.claims.map((cl) => [cl['metadata'].name as string, cl])),
    currentRevision: resolved.current['metadata'].name,
    updateRevision: resolved.update['metadata'].name,
    currentTemplate: templateOf(resolved.current),
    updateTemplate: templateOf(resolved.update),
    actions: [...pods.actions, ...revisions.actions, ...resolved.actions],
    waiting: [],
    errors: [],
  };
  const { slots, condemned, firstUnhealthy } = splitPods(set, pods.owned, now);
  const start = startOrdinal(set);
  let updateDeletes = 0;
  if (!isBeingDeleted(set)) {
    const replicas = runAll(c.monotonic, slots.map((pod, i) => () => processReplica(c, start + i, pod)));
    const scaled = replicas === 'continue' ? processCondemned(c, condemned, firstUnhealthy) : replicas;
    if (scaled === 'continue') updateDeletes = planRollingUpdate(c, slots);
  }
  // availableReplicas changes with time alone: look again when the next ready pod becomes available
  for (const pod of pods.owned) wakeWhenAvailable(c, pod);
  const counted = computeStatus({ set, pods: pods.owned, currentRevision: c.currentRevision, updateRevision: c.updateRevision, collisionCount: resolved.collisionCount, now });
  const status = completeRollingUpdate(set, { ...counted, currentReplicas: counted.currentReplicas - updateDeletes });
  if (statusDiffers(set, status)) c.actions.push({ type: 'UpdateStatus', status });
  const live = new Set([c.currentRevision, c.updateRevision, ...pods.owned.map(podRevision)]);
  for (const r of revisionsToTrim(set, revisions.owned, live)) {
    c.actions.push({ type: 'DeleteRevision', revision: r['metadata'].name, uid: r['metadata'].uid });
  }
  const plan: Plan = {
    namespace: set['metadata'].namespace,
    name: set['metadata'].name,
    currentRevision: status.currentRevision,
    updateRevision: status.updateRevision,
    monotonic: c.monotonic,
    actions: c.actions,
    waiting: c.waiting,
    errors: c.errors,
  };
  if (c.wakeAt !== undefined) plan.requeueAfterMs = Math.max(0, c.wakeAt - now.getTime()) + 100;
  return plan;
}
