/**
 * plan(observed) -> actions + status, pure and printable (--dry-run). Order of concerns:
 * owned objects first (created, or updated when their render hash differs); then a Bootstrap
 * operation (resumed from status.operation, or started when every pod answers and no node owns a
 * slot); then a running operation (ScaleOut, ScaleIn, RollingRestart, Failover) is resumed; else an
 * `ordinal failover` request, a scale, or a rolling restart is started, in that order; healing of a
 * bootstrapped cluster runs alongside.
 */
import type { Plan, PlannedAction } from '../framework/types.js';
import { bootstrapStepActions, isFreshNode, newBootstrapOperation } from './bootstrap.js';
import { describeProgress } from '../framework/step-log.js';
import { planHeal } from './heal.js';
import { decideScale, scaleStepActions } from './scale.js';
import { objectRef, type Observed } from './observe.js';
import { failoverResult, pendingFailoverRequest } from '../framework/failover-request.js';
import { FAILOVER, FAILOVER_DEADLINE_MS, failoverOutcome, newRollingRestart, newSpreadMasters, ROLLING_RESTART, rollingStepActions, SPREAD_MASTERS, startFailover } from './rolling.js';
import { renderAll } from './render.js';
import { buildStatus, setCondition } from './status.js';
import { renderHashOf } from '../framework/render-hash.js';
import { podCount, type RedisClusterStatus } from './types.js';

export const POLL_BUSY_MS = 500;
export const POLL_WAITING_MS = 1000;
export const POLL_SETTLING_MS = 250;
export const POLL_READY_MS = 10_000;

export function plan(o: Observed): Plan<RedisClusterStatus> {
  const gen = o.rc.metadata.generation ?? 0;
  // 1. owned objects
  const rendered = renderAll(o.rc, o.antiAffinity);
  const missing = rendered.filter((obj) => !o.existing.includes(objectRef(obj)));
  const userSecretMissing = o.passwordMissing && !o.spec.passwordSecret.generated;
  if (userSecretMissing) {
    const status = buildStatus(o, undefined);
    const msg = `waiting for Secret ${o.spec.passwordSecret.name} with key ${o.spec.passwordSecret.key}`;
    status.conditions = status.conditions!.map((c) => (c.type === 'Ready' ? setCondition(o.rc.status?.conditions, 'Ready', 'False', 'PasswordSecretMissing', msg, o.now, gen) : c));
    return { actions: [], status: keepOperation(o, status), waitingFor: msg, requeueAfterMs: POLL_WAITING_MS * 5 };
  }
  if (missing.length > 0) {
    const actions: PlannedAction[] = missing.map((object) => ({ type: 'CreateObject', ref: objectRef(object), object, reason: `${objectRef(object)} does not exist` }));
    return { actions, status: keepOperation(o, buildStatus(o, `creating ${missing.map(objectRef).join(', ')}`)), requeueAfterMs: POLL_BUSY_MS };
  }
  const changed = rendered.filter((obj) => o.hashes[objectRef(obj)] !== renderHashOf(obj));
  if (changed.length > 0) {
    const actions: PlannedAction[] = changed.map((object) => ({ type: 'UpdateObject', ref: objectRef(object), object, reason: `${objectRef(object)} differs from the spec` }));
    return { actions, status: keepOperation(o, buildStatus(o, `updating ${changed.map(objectRef).join(', ')}`)), requeueAfterMs: POLL_BUSY_MS };
  }

  // 2. bootstrap: resume the persisted operation, or start one
  const op = o.rc.status?.operation;
  if (op?.type === 'Bootstrap') {
    const status = buildStatus(o, `bootstrap: ${op.steps.filter((s) => s.state === 'done').length}/${op.steps.length} steps done`);
    status.operation = op;
    return { actions: [...bootstrapStepActions(op, o), finishBootstrap(op)], status, requeueAfterMs: POLL_BUSY_MS };
  }
  const want = podCount(o.spec);
  const answering = o.views.filter((v) => v.id && v.nodes);
  const bootstrapped = answering.some((v) => (v.nodes ?? []).some((n) => n.slots.length > 0));
  if (!bootstrapped) {
    const allUp = o.pods.length === want && answering.length === want;
    if (!allUp) {
      const waitingFor = `waiting for ${want} pods to answer (${answering.length} do)`;
      return { actions: [], status: buildStatus(o, waitingFor), waitingFor, requeueAfterMs: waitingPollMs(o) };
    }
    if (!answering.every(isFreshNode)) {
      // nodes that know each other but own no slot, and no operation: resume as a fresh bootstrap
      // (every step is idempotent), unless some node is a replica already - then a human decides
      if (answering.some((v) => v.nodes!.some((n) => n.masterId))) {
        const waitingFor = 'nodes know each other and replicate but own no slot: not bootstrapping over it';
        return { actions: [], status: buildStatus(o, waitingFor), waitingFor, requeueAfterMs: POLL_WAITING_MS * 5 };
      }
    }
    const operation = newBootstrapOperation(o, gen);
    const status = buildStatus(o, 'bootstrap started');
    status.operation = operation;
    return { actions: [{ type: 'StartOperation', operation, reason: 'every pod answers and no node owns a slot' }, ...bootstrapStepActions(operation, o), finishBootstrap(operation)], status, requeueAfterMs: POLL_BUSY_MS };
  }

  // 3. a running operation: resume it (heal alongside a rolling restart: restarted pods get new IPs)
  const request = pendingFailoverRequest(o.rc);
  if (op) {
    const rolling = op.type === ROLLING_RESTART || op.type === FAILOVER || op.type === SPREAD_MASTERS;
    const stepActions = op.type === 'ScaleOut' || op.type === 'ScaleIn' ? scaleStepActions(op, o) : rolling ? rollingStepActions(op, o) : [];
    const status = buildStatus(o, describeProgress(op));
    status.operation = op;
    const outcome = op.type === FAILOVER ? failoverOutcome(o, op) : undefined;
    if (outcome) status.failover = outcome;
    else if (request && op.params['requestId'] !== request.id) status.failover = failoverResult(request, 'Running', `waiting for the ${op.type} operation to finish`, new Date(o.now));
    // a spread that cannot finish (its replica fell out of sync) is dropped; it is planned again when it can
    const overdue = op.type === SPREAD_MASTERS && Date.parse(o.now) - Date.parse(op.startedAt) > FAILOVER_DEADLINE_MS;
    const finish = stepActions.length === 0 || (outcome && outcome.result === 'Failed') || overdue;
    const why = outcome?.result === 'Failed' ? outcome.message : overdue ? `gave up after ${FAILOVER_DEADLINE_MS / 1000} s` : `every ${op.type} step is done`;
    const actions = finish ? [{ type: 'FinishOperation', operation: op.id, reason: why }] : [...(rolling ? planHeal(o) : []), ...stepActions];
    return { actions, status, requeueAfterMs: POLL_BUSY_MS };
  }

  // 4. start one: an `ordinal failover` request, a scale (the StatefulSet grown first), a rolling restart
  if (request) {
    const started = startFailover(o, request);
    const status = buildStatus(o, started.operation ? `Failover started: ${started.result.message}` : undefined);
    status.failover = started.result;
    if (!started.operation) return { actions: [], status, requeueAfterMs: POLL_BUSY_MS };
    status.operation = started.operation;
    return { actions: [{ type: 'StartOperation', operation: started.operation, reason: started.result.message }, ...rollingStepActions(started.operation, o)], status, requeueAfterMs: POLL_BUSY_MS };
  }
  const grow: PlannedAction[] = o.statefulSetReplicas !== undefined && o.statefulSetReplicas < want
    ? [{ type: 'ScaleStatefulSet', replicas: want, reason: `spec wants ${want} pods, the StatefulSet runs ${o.statefulSetReplicas}` }]
    : [];
  const heal = planHeal(o);
  const decision = grow.length > 0 ? undefined : decideScale(o, gen) ?? newRollingRestart(o) ?? (heal.length === 0 ? newSpreadMasters(o) : undefined);
  if (decision && 'operation' in decision) {
    const status = buildStatus(o, `${decision.operation.type} started: ${decision.reason}`);
    status.operation = decision.operation;
    const rolling = decision.operation.type === ROLLING_RESTART || decision.operation.type === SPREAD_MASTERS;
    const first = rolling ? rollingStepActions(decision.operation, o) : scaleStepActions(decision.operation, o);
    return { actions: [{ type: 'StartOperation', operation: decision.operation, reason: decision.reason }, ...first], status, requeueAfterMs: POLL_BUSY_MS };
  }

  // 5. heal (also while new pods of a scale out come up)
  const actions = [...grow, ...heal];
  const busy = actions.length > 0 ? actions.map((a) => a.reason).join('; ') : decision?.waitingFor;
  const status = buildStatus(o, busy);
  const ready = status.conditions!.find((c) => c.type === 'Ready')?.status === 'True';
  return { actions, status: keepOperation(o, status), ...(ready ? {} : { waitingFor: status.conditions!.find((c) => c.type === 'Ready')!.message }), requeueAfterMs: actions.length > 0 || busy ? POLL_BUSY_MS : ready ? POLL_READY_MS : waitingPollMs(o) };
}

/** Ends the bootstrap in the same pass when its last step is done (act stops at a step that waits). */
function finishBootstrap(op: { id: string }): PlannedAction {
  return { type: 'FinishOperation', operation: op.id, reason: 'every bootstrap step is done' };
}

/**
 * How soon to look again while not Ready and nothing to do: every 250 ms in the first minute after
 * Ready changed (a bring-up, a restart: replicas link and gossip settles within seconds), then every
 * second.
 */
function waitingPollMs(o: Observed): number {
  const ready = o.rc.status?.conditions?.find((c) => c.type === 'Ready');
  const since = ready?.lastTransitionTime ? Date.parse(o.now) - Date.parse(ready.lastTransitionTime) : 0;
  return since < 60_000 ? POLL_SETTLING_MS : POLL_WAITING_MS;
}

/** The status keeps a running operation and the last failover outcome. */
function keepOperation(o: Observed, status: RedisClusterStatus): RedisClusterStatus {
  if (o.rc.status?.operation) status.operation = o.rc.status.operation;
  if (o.rc.status?.failover) status.failover = o.rc.status.failover;
  return status;
}
