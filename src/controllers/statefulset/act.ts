/**
 * The only writer: runs a plan's actions in order. Ownership and revision steps come first and any
 * failure there ends the sync (nothing after them is safe). A failed pod step stops the remaining
 * pod steps in OrderedReady mode; Parallel carries on. Status and history trimming always run, as
 * in kube-controller-manager, and the errors are returned for a retry with back-off.
 */
import type { KubeObject } from '../runtime/index.js';
import { eventTarget, PodControl, type ControlDeps } from './pod-control.js';
import { SetControl } from './set-control.js';
import type { Action, Plan } from './types.js';

const prelude = new Set<Action['type']>(['AdoptPod', 'ReleasePod', 'AdoptRevision', 'CreateRevision', 'UpdateRevisionNumber']);
const always = new Set<Action['type']>(['UpdateStatus', 'DeleteRevision', 'RecordEvent']);

async function run(a: Action, set: KubeObject, pods: PodControl, sets: SetControl, deps: ControlDeps): Promise<void> {
  switch (a.type) {
    case 'AdoptPod':
      await sets.checkCanAdopt();
      return pods.setOwnerReferences('Pod', a.object);
    case 'ReleasePod':
      return pods.setOwnerReferences('Pod', a.object);
    case 'AdoptRevision':
      await sets.checkCanAdopt();
      return sets.setRevisionOwners(a.object);
    case 'CreateRevision':
      return sets.createRevision(a.object);
    case 'UpdateRevisionNumber':
      return sets.updateRevision(a.object);
    case 'CreatePod':
      return pods.createPod(a.object, a.claims);
    case 'CreateClaims':
      for (const claim of a.claims) await pods.createClaim(claim, a.pod);
      return;
    case 'DeletePod':
      return pods.deletePod(a.pod, a.uid, a.reason);
    case 'UpdatePod':
      return pods.updatePod(a.object, a.changes);
    case 'UpdateClaimOwners':
      await pods.setOwnerReferences('Claim', a.object);
      deps.log.info({ claim: a.claim, ownerReferences: a.object['metadata'].ownerReferences }, 'updated claim owners');
      return;
    case 'UpdateStatus':
      return sets.updateStatus(a.status);
    case 'DeleteRevision':
      return sets.deleteRevision(a.revision, a.uid);
    case 'RecordEvent':
      deps.events.event(eventTarget(set), a.eventType, a.reason, a.message);
      return;
  }
}

/** Execute the plan against the API; returns the errors met (empty when all went through). */
export async function act(plan: Plan, set: KubeObject, deps: ControlDeps): Promise<unknown[]> {
  const pods = new PodControl(set, deps);
  const sets = new SetControl(set, deps.client);
  const errors: unknown[] = [];
  let stopped = false;
  for (const a of plan.actions) {
    if (stopped && !always.has(a.type)) continue;
    try {
      await run(a, set, pods, sets, deps);
    } catch (err) {
      errors.push(err);
      // a conflict only means our cache was behind: the next sync starts from fresh state
      if ((err as { status?: number }).status === 409) deps.log.debug({ err, action: a.type }, 'conflict; will retry');
      else deps.log.warn({ err, action: a.type }, 'statefulset action failed');
      if (prelude.has(a.type)) return errors;
      if (plan.monotonic) stopped = true;
    }
  }
  return errors;
}
