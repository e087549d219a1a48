/**
 * act: the only writer. Creates owned objects (a generated password is made here and goes only
 * into the Secret), resizes the StatefulSet, runs the steps of an operation (Bootstrap, ScaleOut,
 * ScaleIn) with the step log persisted in status.operation before and after each step, runs heal
 * actions, records an event per action, and writes the status.
 */
import { randomBytes } from 'node:crypto';
import type { KubeClient } from '../../client/index.js';
import type { EventRecorder } from '../../controllers/runtime/types.js';
import { failpoint } from '../../lib/failpoint.js';
import type { Logger } from '../../lib/log.js';
import type { Operation, Plan, PlannedAction, StepState } from '../framework/types.js';
import { redisClusterPath } from './kind.js';
import { objectPath } from './observe.js';
import { describeError } from '../redis/index.js';
import { migrateRange, resetNode } from './migrate.js';
import { names } from './render.js';
import { addSlots, clusterFailover, forget, meet, replicate, repoint, setEpoch, waitKnown, type StepOutcome } from './steps.js';
import { resolveSpec, type RedisCluster, type RedisClusterStatus } from './types.js';

export interface ActDeps {
  client: KubeClient;
  events: EventRecorder;
  log: Logger;
  now(): Date;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export async function writeStatus(client: KubeClient, rc: RedisCluster, status: RedisClusterStatus): Promise<void> {
  const body = { status: { ...status, operation: status.operation ?? null } };
  await client.request('PATCH', `${redisClusterPath(rc.metadata.namespace, rc.metadata.name)}/status`, { body, contentType: 'application/merge-patch+json' });
}

function collectionOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

async function createObject(deps: ActDeps, rc: RedisCluster, a: PlannedAction): Promise<void> {
  const object = structuredClone(a['object']) as Record<string, unknown>;
  if (object['kind'] === 'Secret') {
    const key = resolveSpec(rc).passwordSecret.key;
    object['data'] = { [key]: Buffer.from(randomBytes(24).toString('base64url')).toString('base64') };
  }
  try {
    await deps.client.request('POST', collectionOf(objectPath(object)), { body: object });
  } catch (err) {
    if ((err as { status?: number }).status !== 409) throw err;
  }
  deps.events.event(rc, 'Normal', 'SuccessfulCreate', `created ${String(a['ref'])}`);
}

/** Merge-patches an owned object to what was rendered; never a Secret's value nor the StatefulSet's replicas. */
async function updateObject(deps: ActDeps, rc: RedisCluster, a: PlannedAction): Promise<void> {
  const object = structuredClone(a['object']) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (object['kind'] === 'Secret') delete object['data'];
  if (object['kind'] === 'StatefulSet') delete object['spec'].replicas;
  await deps.client.request('PATCH', objectPath(object), { body: object, contentType: 'application/merge-patch+json' });
  deps.events.event(rc, 'Normal', 'SuccessfulUpdate', `updated ${String(a['ref'])}`);
}

async function scaleStatefulSet(deps: ActDeps, rc: RedisCluster, replicas: number): Promise<void> {
  const path = `/apis/apps/v1/namespaces/${rc.metadata.namespace}/statefulsets/${names(rc.metadata.name).statefulSet}`;
  await deps.client.request('PATCH', path, { body: { spec: { replicas } }, contentType: 'application/merge-patch+json' });
  deps.events.event(rc, 'Normal', 'ScaleStatefulSet', `StatefulSet ${names(rc.metadata.name).statefulSet} set to ${replicas} pods`);
}

async function deletePod(deps: ActDeps, rc: RedisCluster, pod: string, why: string): Promise<void> {
  try {
    await deps.client.request('DELETE', `/api/v1/namespaces/${rc.metadata.namespace}/pods/${pod}`);
  } catch (err) {
    if ((err as { status?: number }).status !== 404) throw err;
  }
  deps.events.event(rc, 'Normal', 'RestartPod', why);
}

/** handover / promote / restart steps (rolling.ts): the plan says whether the goal is reached and what may be done. */
async function rollStep(deps: ActDeps, rc: RedisCluster, kind: string, a: PlannedAction, password: string | undefined): Promise<StepOutcome> {
  if (a['goal'] === true) return 'done';
  const at = str(a['failoverAt']);
  if (at) {
    deps.events.event(rc, 'Normal', 'ClusterFailover', String(a.reason));
    const outcome = await clusterFailover(at, password);
    return kind === 'restart' ? 'wait' : outcome;
  }
  const pod = str(a['deletePod']);
  if (pod) await deletePod(deps, rc, pod, String(a.reason));
  return 'wait';
}

async function runStep(deps: ActDeps, rc: RedisCluster, a: PlannedAction, password: string | undefined): Promise<StepOutcome> {
  const kind = String(a['step']).split(':')[0] ?? '';
  if (kind === 'handover' || kind === 'promote' || kind === 'restart') return rollStep(deps, rc, kind, a, password);
  if (kind === 'migrate') return migrateRange(a, password);
  if (kind === 'repoint') return repoint(a, password);
  if (kind === 'forget') return str(a['id']) ? forget(a['targets'] as Array<{ ip: string }>, String(a['id']), password) : 'done';
  if (kind === 'reset') return resetNode(str(a['ip']), password);
  if (kind === 'shrink') {
    await scaleStatefulSet(deps, rc, Number(a['replicas']));
    return 'done';
  }
  if (kind === 'wait-gone') return ((a['left'] as unknown[] | undefined) ?? []).length === 0 ? 'done' : 'wait';
  if (kind === 'wait-known') {
    if ((await waitKnown(a, password)) === 'wait') return 'wait';
    const announce = (a['announce'] as PlannedAction[] | undefined) ?? [];
    return allDone(announce.map((x) => meet(str(x['ip']), x['targetIps'] as string[], password)));
  }
  const one = onePod(kind, password);
  if (!one) throw new Error(`unknown step ${String(a['step'])}`);
  // a bootstrap phase: the same verb on every pod at once
  const each = a['each'] as PlannedAction[] | undefined;
  return each ? allDone(each.map((x) => one({ ...a, ...x }))) : one(a);
}

/** 'done' when every one of the outcomes is. */
async function allDone(outcomes: Array<Promise<StepOutcome>>): Promise<StepOutcome> {
  return (await Promise.all(outcomes)).every((x) => x === 'done') ? 'done' : 'wait';
}

/** The verbs that act on one pod (`ip`), for a step of one pod or each pod of a phase. */
function onePod(kind: string, password: string | undefined): ((a: PlannedAction) => Promise<StepOutcome>) | undefined {
  if (kind === 'add-slots') return (a) => addSlots(a, password);
  if (kind === 'set-epoch') return (a) => setEpoch(a, password);
  if (kind === 'meet') return (a) => meet(str(a['ip']), (a['targetIps'] as string[] | undefined) ?? str(a['targetIp']), password);
  if (kind === 'replicate') return (a) => replicate(str(a['ip']), str(a['masterId']), password, str(a['masterIp']));
  return undefined;
}

/** Runs the plan; returns false when it stopped early (a step waits). Status is written at the end. */
export async function act(deps: ActDeps, rc: RedisCluster, plan: Plan<RedisClusterStatus>, password: string | undefined): Promise<boolean> {
  const status = structuredClone(plan.status);
  const log = deps.log.child({ key: `${rc.metadata.namespace}/${rc.metadata.name}` });
  const mark = async (op: Operation, step: string, state: StepState, detail?: string, persist = true): Promise<void> => {
    const s = op.steps.find((x) => x.name === step);
    if (!s) return;
    s.state = state;
    s.at = deps.now().toISOString();
    if (detail !== undefined) s.detail = detail;
    else delete s.detail;
    if (persist) await writeStatus(deps.client, rc, status);
  };
  let completed = true;
  try {
    for (const a of plan.actions) {
      log.info({ action: a.type, step: a['step'], reason: a.reason }, 'act');
      if (a.type === 'CreateObject') await createObject(deps, rc, a);
      else if (a.type === 'UpdateObject') await updateObject(deps, rc, a);
      else if (a.type === 'StartOperation') {
        await writeStatus(deps.client, rc, status); // the step log exists before the first step runs
        const type = status.operation?.type ?? 'Operation';
        deps.events.event(rc, 'Normal', `${type}Started`, type === 'Bootstrap' ? 'bootstrapping the cluster' : String(a.reason));
      } else if (a.type === 'RunStep') {
        const op = status.operation!;
        const step = String(a['step']);
        await mark(op, step, 'running');
        failpoint(`rdc:step:${step}:before`);
        let outcome: StepOutcome;
        try {
          outcome = await runStep(deps, rc, a, password);
        } catch (err) {
          await mark(op, step, 'failed', describeError(err));
          deps.events.event(rc, 'Warning', 'FailedStep', `${step}: ${describeError(err)}`);
          throw err;
        }
        if (outcome === 'wait') {
          await mark(op, step, 'running', 'waiting');
          completed = false;
          break;
        }
        failpoint(`rdc:step:${step}:after`);
        // written with the next step's 'running' (or at the end): a crash before that re-runs this
        // step, which is idempotent - the same as a crash between running it and recording it
        await mark(op, step, 'done', undefined, false);
        deps.events.event(rc, 'Normal', 'StepDone', `${op.type} ${step}`);
      } else if (a.type === 'FinishOperation') {
        const type = status.operation?.type ?? 'Operation';
        delete status.operation;
        deps.events.event(rc, 'Normal', `${type}Done`, `${type} finished`);
      } else if (a.type === 'ScaleStatefulSet') {
        await scaleStatefulSet(deps, rc, Number(a['replicas']));
      } else if (a.type === 'Meet') {
        await meet(str(a['ip']), str(a['targetIp']), password);
        deps.events.event(rc, 'Normal', 'MeetNode', String(a.reason));
      } else if (a.type === 'Replicate') {
        if ((await replicate(str(a['ip']), str(a['masterId']), password, str(a['masterIp']))) === 'wait') completed = false;
        else deps.events.event(rc, 'Normal', 'ReplicateNode', String(a.reason));
      } else if (a.type === 'Forget') {
        await forget(a['pods'] as Array<{ ip: string }>, String(a['id']), password);
        deps.events.event(rc, 'Normal', 'ForgetNode', String(a.reason));
      } else throw new Error(`unknown action ${a.type}`);
    }
  } finally {
    await writeStatus(deps.client, rc, status).catch((err: unknown) => log.warn({ err }, 'could not write status'));
  }
  return completed;
}
