/**
 * The writes that bind a volume and a claim, as pure functions of the two objects. Binding is four
 * writes (PV claimRef, PV status, claim volumeName + annotations, claim status), always in this
 * order; each is skipped when already done, so a crash between any two is finished by the next
 * reconcile (a PV whose claimRef names the claim is "pre-bound" and is taken first).
 */
import { deepEqual } from '../../lib/deep-equal.js';
import type { KubeObject } from '../runtime/types.js';
import { annBindCompleted, annBoundByController } from './annotations.js';
import { isVolumeBoundToClaim } from './volume-match.js';

export type BindStep = 'VolumeClaimRef' | 'VolumePhase' | 'ClaimVolumeName' | 'ClaimStatus';

export function claimRefFor(claim: KubeObject): KubeObject {
  const m = claim['metadata'];
  return { kind: 'PersistentVolumeClaim', namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: 'v1', resourceVersion: m.resourceVersion };
}

function hasFullClaimRef(pv: KubeObject, claim: KubeObject): boolean {
  return isVolumeBoundToClaim(pv, claim) && pv['spec']?.claimRef?.uid === claim['metadata']?.uid;
}

function boundStatus(claim: KubeObject, pv: KubeObject): KubeObject {
  return { ...claim['status'], phase: 'Bound', accessModes: pv['spec']?.accessModes ?? [], capacity: { ...pv['spec']?.capacity } };
}

/** What is left to write for pv and claim to be bound to each other. */
export function bindSteps(pv: KubeObject, claim: KubeObject): BindStep[] {
  const steps: BindStep[] = [];
  if (!hasFullClaimRef(pv, claim)) steps.push('VolumeClaimRef');
  if (pv['status']?.phase !== 'Bound') steps.push('VolumePhase');
  if (claim['spec']?.volumeName !== pv['metadata']?.name || !claim['metadata']?.annotations?.[annBindCompleted]) steps.push('ClaimVolumeName');
  if (!deepEqual(claim['status'] ?? {}, boundStatus(claim, pv))) steps.push('ClaimStatus');
  return steps;
}

/** The PV with its claimRef set to claim (marked bound-by-controller when the user had not named it). */
export function volumeBoundTo(pv: KubeObject, claim: KubeObject): KubeObject {
  const out = structuredClone(pv);
  if (!isVolumeBoundToClaim(pv, claim)) out.metadata.annotations = { ...out.metadata.annotations, [annBoundByController]: 'yes' };
  out.spec.claimRef = claimRefFor(claim);
  return out;
}

export function claimBoundTo(claim: KubeObject, pv: KubeObject): KubeObject {
  const out = structuredClone(claim);
  const annotations: Record<string, string> = { ...out.metadata.annotations, [annBindCompleted]: 'yes' };
  if (out.spec.volumeName !== pv['metadata'].name) {
    out.spec.volumeName = pv['metadata'].name;
    annotations[annBoundByController] = 'yes';
  }
  out.metadata.annotations = annotations;
  return out;
}

export function claimWithBoundStatus(claim: KubeObject, pv: KubeObject): KubeObject {
  return { ...structuredClone(claim), status: boundStatus(claim, pv) };
}

/** A PV with a new phase (and message, for Failed); lastPhaseTransitionTime moves with the phase. */
export function volumeWithPhase(pv: KubeObject, phase: string, now: Date, message?: string): KubeObject {
  const out = structuredClone(pv);
  const status: KubeObject = { ...out.status, phase };
  if (message) status['message'] = message;
  else delete status['message'];
  if (pv['status']?.phase !== phase) status['lastPhaseTransitionTime'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  out.status = status;
  return out;
}

/**
 * Give the volume back to the pool: a claimRef the controller set is removed, a claimRef the user
 * wrote (pre-binding to a claim by name) keeps its name and loses only the uid.
 */
export function volumeUnbound(pv: KubeObject): KubeObject {
  const out = structuredClone(pv);
  if (out.metadata.annotations?.[annBoundByController] !== undefined) {
    delete out.spec.claimRef;
    delete out.metadata.annotations[annBoundByController];
  } else if (out.spec.claimRef) {
    delete out.spec.claimRef.uid;
    delete out.spec.claimRef.resourceVersion;
  }
  return out;
}
