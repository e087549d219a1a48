/**
 * Which pods hold a claim, by kube's pvc-protection rules (pkg/controller/volume/pvcprotection):
 * - only pods in the claim's namespace that are scheduled (spec.nodeName set): a node agent sees a
 *   pod only once it is bound, and refuses to start one on a claim that is being deleted;
 * - a persistentVolumeClaim volume naming the claim holds it for as long as the pod object exists,
 *   whatever its phase (Succeeded and Failed pods too: their volumes may still be mounted);
 * - a generic ephemeral volume holds its claim `<pod>-<volume>` when the claim is controlled by
 *   that pod, unless the pod is shut down (deletionTimestamp with grace 0: the kubelet is done with
 *   it or it was force-deleted), which breaks a pod-finalizer <-> claim cycle.
 */
import type { KubeObject } from '../runtime/types.js';

type Volume = KubeObject;

function volumesOf(pod: KubeObject): Volume[] {
  const v: unknown = pod['spec']?.volumes;
  return Array.isArray(v) ? (v as Volume[]) : [];
}

/** The claim a generic ephemeral volume of this pod uses (kube's ephemeral.VolumeClaimName). */
export function ephemeralClaimName(pod: KubeObject, volume: Volume): string {
  return `${pod['metadata']?.name}-${volume['name']}`;
}

/** The claim is the ephemeral volume made for this pod: the pod is its controller (kube's VolumeIsForPod). */
function isControlledBy(claim: KubeObject, pod: KubeObject): boolean {
  const refs: unknown = claim['metadata']?.ownerReferences;
  if (!Array.isArray(refs)) return false;
  return refs.some((r: KubeObject) => r['controller'] === true && r['uid'] === pod['metadata']?.uid);
}

/** Kubelet is done with the pod, or it was force-deleted. */
export function isPodShutDown(pod: KubeObject): boolean {
  return Boolean(pod['metadata']?.deletionTimestamp) && pod['metadata']?.deletionGracePeriodSeconds === 0;
}

export function isPodTerminated(pod: KubeObject): boolean {
  const phase = pod['status']?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Does this pod keep the claim from being deleted? */
export function podUsesClaim(pod: KubeObject, claim: KubeObject): boolean {
  const meta = claim['metadata'] ?? {};
  if (pod['metadata']?.namespace !== meta.namespace || !pod['spec']?.nodeName) return false;
  return volumesOf(pod).some((v) => {
    if (v['persistentVolumeClaim']) return v['persistentVolumeClaim'].claimName === meta.name;
    if (v['ephemeral']) return !isPodShutDown(pod) && ephemeralClaimName(pod, v) === meta.name && isControlledBy(claim, pod);
    return false;
  });
}

/** "namespace/name" keys of every claim a pod refers to (persistentVolumeClaim and ephemeral volumes). */
export function claimKeysOf(pod: KubeObject): string[] {
  const ns = pod['metadata']?.namespace;
  const keys: string[] = [];
  for (const v of volumesOf(pod)) {
    if (v['persistentVolumeClaim']?.claimName) keys.push(`${ns}/${v['persistentVolumeClaim'].claimName}`);
    else if (v['ephemeral']) keys.push(`${ns}/${ephemeralClaimName(pod, v)}`);
  }
  return keys;
}

/**
 * Whether a pod event can let a claim go, so its claims are worth a look (kube's enqueuePVCs
 * filter): the pod was deleted, has terminated, or is not scheduled. A running scheduled pod only
 * keeps its claims.
 */
export function mayReleaseClaims(pod: KubeObject, deleted: boolean): boolean {
  return deleted || isPodTerminated(pod) || !pod['spec']?.nodeName;
}
