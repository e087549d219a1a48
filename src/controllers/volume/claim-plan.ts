/**
 * The claim side of the PV controller, as a pure plan: given a claim and the cached volumes and
 * classes, what to write and what to tell the user. Mirrors kube-controller-manager's syncClaim:
 * unbound claims are bound to a pre-bound or matching volume, else provisioned (or told why not);
 * bound claims are kept consistent with their volume, or marked Lost.
 */
import type { KubeObject } from '../runtime/types.js';
import { annBindCompleted, annSelectedNode, provisionedVolumeName } from './annotations.js';
import { bindSteps } from './bind-steps.js';
import { classForClaim, hasUnsetClass, isWaitForFirstConsumer } from './storage-class.js';
import { boundVolumeMismatch, claimClassName, findBestVolume, isVolumeBoundToClaim, type NodeInfo } from './volume-match.js';

export interface ClaimObservation {
  claim: KubeObject;
  volumes: readonly KubeObject[];
  classes: readonly KubeObject[];
  /** The node named by the claim's selected-node annotation (labels from the Node, when known). */
  node?: NodeInfo;
  /** Provisioner names this process drives. */
  provisioners: readonly string[];
}

export type ClaimAction =
  | { type: 'Bind'; volume: string; steps: string[] }
  | { type: 'Provision'; volume: string; storageClass: string; provisioner: string; node?: string }
  | { type: 'SetClaimPhase'; phase: 'Lost' }
  | { type: 'Event'; eventType: 'Normal' | 'Warning'; reason: string; message: string };

export interface ClaimPlan {
  actions: ClaimAction[];
  /** What the claim waits for, for logs and --dry-run. */
  waitingFor?: string;
}

const noClassMessage = 'no persistent volumes available for this claim and no storage class is set';
/** The provisioner of classes for pre-created volumes only (static local volumes). */
export const noProvisioner = 'kubernetes.io/no-provisioner';

function event(eventType: 'Normal' | 'Warning', reason: string, message: string): ClaimAction {
  return { type: 'Event', eventType, reason, message };
}

function wait(reason: string, eventType: 'Normal' | 'Warning', message: string): ClaimPlan {
  return { actions: [event(eventType, reason, message)], waitingFor: message };
}

function bind(pv: KubeObject, claim: KubeObject): ClaimPlan {
  const steps = bindSteps(pv, claim);
  return { actions: steps.length ? [{ type: 'Bind', volume: pv['metadata'].name, steps }] : [] };
}

function lost(claim: KubeObject, reason: string, message: string): ClaimPlan {
  if (claim['status']?.phase === 'Lost') return { actions: [] };
  return { actions: [{ type: 'SetClaimPhase', phase: 'Lost' }, event('Warning', reason, message)] };
}

function provisionOrWait(o: ClaimObservation): ClaimPlan {
  const { claim } = o;
  const choice = classForClaim(claim, o.classes);
  if (choice.kind === 'none') return wait('FailedBinding', 'Warning', noClassMessage);
  if (choice.kind === 'missing') return wait('ProvisioningFailed', 'Warning', `storageclass.storage.k8s.io "${choice.name}" not found`);
  const sc = choice.storageClass;
  const scName: string = sc['metadata'].name;
  const selected: string | undefined = claim['metadata']?.annotations?.[annSelectedNode];
  if (isWaitForFirstConsumer(sc) && !selected) return wait('WaitForFirstConsumer', 'Normal', 'waiting for first consumer to be created before binding');
  const provisioner: string = sc['provisioner'];
  if (provisioner === noProvisioner) {
    return wait('ProvisioningFailed', 'Warning', `storageclass.storage.k8s.io "${scName}" does not support dynamic provisioning: create a PersistentVolume that matches this claim`);
  }
  if (!o.provisioners.includes(provisioner)) {
    return wait('ExternalProvisioning', 'Normal', `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator`);
  }
  const volume = provisionedVolumeName(claim['metadata'].uid);
  if (o.volumes.some((v) => v['metadata']?.name === volume)) {
    // Provisioned already, but not bindable (it would have been found above): say so, do not make another.
    return wait('ProvisioningFailed', 'Warning', `volume "${volume}" was provisioned for this claim but does not satisfy it any more`);
  }
  const node = isWaitForFirstConsumer(sc) ? selected : undefined;
  return { actions: [{ type: 'Provision', volume, storageClass: scName, provisioner, ...(node ? { node } : {}) }], waitingFor: `volume ${volume} to be provisioned` };
}

/**
 * A static volume for the claim: of its own class (or of no class, when it names none) and, for a
 * claim that names no class, then of the default class, as if admission had filled it in. The
 * first keeps seed 002 working (a class-less PV and claim bind even with a default class); the
 * second is what Kubernetes does with the DefaultStorageClass admission plugin.
 */
function findStaticVolume(o: ClaimObservation): KubeObject | undefined {
  const { claim } = o;
  const node = o.node ? { node: o.node } : {};
  const ownClass = o.classes.find((c) => c['metadata']?.name === claimClassName(claim));
  const own = findBestVolume(claim, o.volumes, { delayBinding: isWaitForFirstConsumer(ownClass), ...node });
  if (own || !hasUnsetClass(claim)) return own;
  const choice = classForClaim(claim, o.classes);
  if (choice.kind !== 'class') return undefined;
  return findBestVolume(claim, o.volumes, { className: choice.storageClass['metadata'].name, delayBinding: isWaitForFirstConsumer(choice.storageClass), ...node });
}

function planUnbound(o: ClaimObservation): ClaimPlan {
  const { claim } = o;
  const volumeName: string | undefined = claim['spec']?.volumeName || undefined;
  if (volumeName === undefined) {
    const pv = findStaticVolume(o);
    return pv ? bind(pv, claim) : provisionOrWait(o);
  }
  // The user named the volume (spec.volumeName): bind to it or say why not.
  const pv = o.volumes.find((v) => v['metadata']?.name === volumeName);
  if (!pv) return wait('FailedBinding', 'Warning', `volume "${volumeName}" requested by this claim does not exist`);
  if (isVolumeBoundToClaim(pv, claim)) return bind(pv, claim);
  if (pv['spec']?.claimRef) return wait('FailedBinding', 'Warning', `volume "${volumeName}" already bound to a different claim`);
  const mismatch = boundVolumeMismatch(pv, claim, { checkClass: true });
  return mismatch ? wait('FailedBinding', 'Warning', `Cannot bind to requested volume "${volumeName}": ${mismatch}`) : bind(pv, claim);
}

function planBound(o: ClaimObservation): ClaimPlan {
  const { claim } = o;
  const volumeName: string | undefined = claim['spec']?.volumeName || undefined;
  if (!volumeName) return lost(claim, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
  const pv = o.volumes.find((v) => v['metadata']?.name === volumeName);
  if (!pv) return lost(claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  if (!pv['spec']?.claimRef || isVolumeBoundToClaim(pv, claim)) return bind(pv, claim);
  return lost(claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
}

export function planClaim(o: ClaimObservation): ClaimPlan {
  if (o.claim['metadata']?.deletionTimestamp) return { actions: [] };
  return o.claim['metadata']?.annotations?.[annBindCompleted] ? planBound(o) : planUnbound(o);
}
