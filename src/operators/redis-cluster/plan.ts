/**
 * plan(observed) -> actions + status, pure and printable (--dry-run). Order of concerns:
 * owned objects first; then a Bootstrap operation (resumed from status.operation, or started when
 * every pod answers and no node owns a slot); then scaling (a ScaleOut / ScaleIn operation resumed or
 * started, the StatefulSet grown first); then healing of a bootstrapped cluster.
 */
import type { Plan, PlannedAction } from '../framework/types.js';
import { bootstrapStepActions, isFreshNode, newBootstrapOperation } from './bootstrap.js';
import { describeProgress } from '../framework/step-log.js';
import { planHeal } from './heal.js';
import { decideScale, scaleStepActions } from './scale.js';
import { objectRef, type Observed } from './observe.js';
import { renderAll } from './render.js';
import { buildStatus, setCondition } from './status.js';
import { podCount, type RedisClusterStatus } from './types.js';

export const POLL_BUSY_MS = 1000;
export const POLL_WAITING_MS = 2000;
export const POLL_READY_MS = 10_000;

export function plan(o: Observed): Plan<RedisClusterStatus> {
  const gen = o.rc.metadata.generation ?? 0;
  // 1. owned objects
  const missing = renderAll(o.rc, o.nodeCount).filter((obj) => !o.existing.includes(objectRef(obj)));
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

  // 2. bootstrap: resume the persisted operation, or start one
  const op = o.rc.status?.operation;
  if (op?.type === 'Bootstrap') {
    const actions = bootstrapStepActions(op, o);
    const status = buildStatus(o, `bootstrap: ${op.steps.filter((s) => s.state === 'done').length}/${op.steps.length} steps done`);
    status.operation = op;
    return { actions: actions.length > 0 ? actions : [{ type: 'FinishOperation', operation: op.id, reason: 'every bootstrap step is done' }], status, requeueAfterMs: POLL_BUSY_MS };
  }
  const want = podCount(o.spec);
  const answering = o.views.filter((v) => v.id && v.nodes);
  const bootstrapped = answering.some((v) => (v.nodes ?? []).some((n) => n.slots.length > 0));
  if (!bootstrapped) {
    const allUp = o.pods.length === want && answering.length === want;
    if (!allUp) {
      const waitingFor = `waiting for ${want} pods to answer (${answering.length} do)`;
      return { actions: [], status: buildStatus(o, waitingFor), waitingFor, requeueAfterMs: POLL_WAITING_MS };
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
    return { actions: [{ type: 'StartOperation', operation, reason: 'every pod answers and no node owns a slot' }, ...bootstrapStepActions(operation, o)], status, requeueAfterMs: POLL_BUSY_MS };
  }

  // 3. scale: resume a ScaleOut / ScaleIn, grow the StatefulSet, or start one
  if (op?.type === 'ScaleOut' || op?.type === 'ScaleIn') {
    const actions = scaleStepActions(op, o);
    const status = buildStatus(o, describeProgress(op));
    status.operation = op;
    return { actions: actions.length > 0 ? actions : [{ type: 'FinishOperation', operation: op.id, reason: `every ${op.type} step is done` }], status, requeueAfterMs: POLL_BUSY_MS };
  }
  const grow: PlannedAction[] = !op && o.statefulSetReplicas !== undefined && o.statefulSetReplicas < want
    ? [{ type: 'ScaleStatefulSet', replicas: want, reason: `spec wants ${want} pods, the StatefulSet runs ${o.statefulSetReplicas}` }]
    : [];
  const decision = op || grow.length > 0 ? undefined : decideScale(o, gen);
  if (decision && 'operation' in decision) {
    const status = buildStatus(o, `${decision.operation.type} started: ${decision.reason}`);
    status.operation = decision.operation;
    return { actions: [{ type: 'StartOperation', operation: decision.operation, reason: decision.reason }, ...scaleStepActions(decision.operation, o)], status, requeueAfterMs: POLL_BUSY_MS };
  }

  // 4. heal (also while new pods of a scale out come up)
  const actions = [...grow, ...planHeal(o)];
  const busy = actions.length > 0 ? actions.map((a) => a.reason).join('; ') : decision?.waitingFor;
  const status = buildStatus(o, busy);
  const ready = status.conditions!.find((c) => c.type === 'Ready')?.status === 'True';
  return { actions, status: keepOperation(o, status), ...(ready ? {} : { waitingFor: status.conditions!.find((c) => c.type === 'Ready')!.message }), requeueAfterMs: actions.length > 0 || busy ? POLL_BUSY_MS : ready ? POLL_READY_MS : POLL_WAITING_MS };
}

function keepOperation(o: Observed, status: RedisClusterStatus): RedisClusterStatus {
  if (o.rc.status?.operation) status.operation = o.rc.status.operation;
  return status;
}
