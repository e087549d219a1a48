/**
 * The volume side of the PV controller, as a pure plan (kube-controller-manager's syncVolume and
 * reclaimVolume): phases Available / Bound / Released, reclaim by policy once the claim is gone,
 * and the kubernetes.io/pv-controller finalizer that deletes a provisioned volume's storage even
 * when the PV object is deleted first. Data is never removed while a pod still uses the claim.
 */
import type { KubeObject } from '../runtime/types.js';
import { annBoundByController, annProvisionedBy, pvControllerFinalizer } from './annotations.js';

/** Who can remove this volume's backing storage. */
export type Deleter = 'ours' | 'external' | 'none';

export interface VolumeObservation {
  pv: KubeObject;
  /** The claim the claimRef names (same uid when the claimRef has one), or undefined when it is gone. */
  claim: KubeObject | undefined;
  /** Running or pending pods that mount the claimRef's claim. */
  podsUsingClaim: readonly string[];
  deleter: Deleter;
}

export type VolumeAction =
  | { type: 'SetVolumePhase'; phase: 'Available' | 'Bound' | 'Released' | 'Failed'; message?: string }
  | { type: 'Unbind' }
  | { type: 'DeleteVolume' }
  | { type: 'RecycleVolume' }
  | { type: 'FinalizeVolume'; deleteStorage: boolean }
  | { type: 'Event'; eventType: 'Normal' | 'Warning'; reason: string; message: string };

export interface VolumePlan {
  actions: VolumeAction[];
  waitingFor?: string;
  requeueAfterMs?: number;
}

/** While pods still use a released volume, look again this often. */
export const inUsePollMs = 5_000;

function phaseOf(pv: KubeObject): string | undefined {
  return pv['status']?.phase;
}

function setPhase(pv: KubeObject, phase: 'Available' | 'Bound' | 'Released'): VolumeAction[] {
  return phaseOf(pv) === phase ? [] : [{ type: 'SetVolumePhase', phase }];
}

function inUse(o: VolumeObservation, reason: string): VolumePlan {
  const message = `Volume is used by pods: ${o.podsUsingClaim.join(',')}`;
  return { actions: [{ type: 'Event', eventType: 'Normal', reason, message }], waitingFor: message, requeueAfterMs: inUsePollMs };
}

function reclaim(o: VolumeObservation, before: VolumeAction[]): VolumePlan {
  const { pv } = o;
  const policy: string = pv['spec']?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Retain') return { actions: before, waitingFor: 'an administrator: the volume is retained; it is not bound again while its claimRef is set' };
  if (o.podsUsingClaim.length > 0) {
    const plan = inUse(o, policy === 'Delete' ? 'VolumeDelete' : 'VolumeRecycle');
    return { ...plan, actions: [...before, ...plan.actions] };
  }
  if (policy === 'Recycle') return { actions: [...before, { type: 'RecycleVolume' }] };
  if (policy !== 'Delete') {
    const message = `unknown reclaim policy "${policy}"`;
    return { actions: [...before, { type: 'SetVolumePhase', phase: 'Failed', message }, { type: 'Event', eventType: 'Warning', reason: 'VolumeUnknownReclaimPolicy', message }] };
  }
  if (o.deleter === 'ours') return { actions: [...before, { type: 'DeleteVolume' }] };
  if (o.deleter === 'external') {
    const by = String(pv['metadata']?.annotations?.[annProvisionedBy]);
    return { actions: before, waitingFor: `the external provisioner "${by}" to delete the volume` };
  }
  const message = `error getting deleter volume plugin for volume "${pv['metadata'].name}": it was not provisioned by a known provisioner (annotation ${annProvisionedBy}); delete its data and the PV yourself`;
  if (phaseOf(pv) === 'Failed' && pv['status']?.message === message) return { actions: before };
  return { actions: [...before, { type: 'SetVolumePhase', phase: 'Failed', message }, { type: 'Event', eventType: 'Warning', reason: 'VolumeFailedDelete', message }] };
}

/**
 * A deleted volume is still synced: once its claim is gone it becomes Released (which is what lets
 * pv-protection remove its finalizer), and with the pv-controller finalizer its storage is
 * deleted by policy before the finalizer goes.
 */
function planTerminating(o: VolumeObservation): VolumePlan {
  const { pv } = o;
  const phase = phaseOf(pv);
  const released: VolumeAction[] = pv['spec']?.claimRef?.uid && !o.claim && phase !== 'Released' && phase !== 'Failed' ? [{ type: 'SetVolumePhase', phase: 'Released' }] : [];
  if (!(pv['metadata']?.finalizers ?? []).includes(pvControllerFinalizer)) return { actions: released };
  if (o.claim) return { actions: [], waitingFor: `claim ${o.claim['metadata'].namespace}/${o.claim['metadata'].name} to be deleted (the volume is bound)` };
  if (pv['spec']?.persistentVolumeReclaimPolicy !== 'Delete') return { actions: [...released, { type: 'FinalizeVolume', deleteStorage: false }] };
  if (o.podsUsingClaim.length > 0) {
    const plan = inUse(o, 'VolumeDelete');
    return { ...plan, actions: [...released, ...plan.actions] };
  }
  if (o.deleter !== 'ours') return { actions: released, waitingFor: 'the provisioner of this volume to delete it' };
  return { actions: [...released, { type: 'FinalizeVolume', deleteStorage: true }] };
}

function planClaimGone(o: VolumeObservation): VolumePlan {
  const phase = phaseOf(o.pv);
  // A Failed volume stays Failed (the user sees what went wrong) while reclaiming is retried.
  const before: VolumeAction[] = phase === 'Released' || phase === 'Failed' ? [] : [{ type: 'SetVolumePhase', phase: 'Released' }];
  return reclaim(o, before);
}

export function planVolume(o: VolumeObservation): VolumePlan {
  const { pv, claim } = o;
  if (pv['metadata']?.deletionTimestamp) return planTerminating(o);
  const ref = pv['spec']?.claimRef;
  if (!ref || !ref.uid) return { actions: setPhase(pv, 'Available') };
  if (!claim) return planClaimGone(o);
  const boundTo: string | undefined = claim['spec']?.volumeName || undefined;
  // The claim has not written its side yet: the claim binder finishes (or reverts) the binding.
  if (boundTo === undefined) return { actions: [], waitingFor: 'the claim binder to finish binding' };
  if (boundTo === pv['metadata'].name) return { actions: setPhase(pv, 'Bound') };
  // The claim is bound to another volume.
  // A volume provisioned for it is not needed any more (its pods use the other volume).
  if (pv['metadata']?.annotations?.[annProvisionedBy] && pv['spec']?.persistentVolumeReclaimPolicy === 'Delete') return planClaimGone({ ...o, podsUsingClaim: [] });
  if (pv['metadata']?.annotations?.[annBoundByController] !== undefined) return { actions: [{ type: 'Unbind' }, { type: 'SetVolumePhase', phase: 'Available' }] };
  return { actions: [], waitingFor: `claim ${claim['metadata'].namespace}/${claim['metadata'].name} (named by the user) to be unbound from volume ${boundTo}` };
}
