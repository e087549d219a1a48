/**
 * The VolumeBinding plugin: a pod's claims must exist; a bound claim's PersistentVolume may pin the
 * pod to the nodes of its nodeAffinity; an unbound claim of a WaitForFirstConsumer class waits for
 * the scheduler to choose a node (annotation volume.kubernetes.io/selected-node, then the volume
 * controller provisions or binds there); any other unbound claim makes the pod wait.
 */
import type { KubeObject } from '../runtime/types.js';
import { classForClaim } from '../volume/storage-class.js';
import { volumeClassName } from '../volume/volume-match.js';
import { matchesNodeSelectorTerms, type NodeSelectorTerm } from './node-affinity.js';
import { resourceAmount } from '../../lib/quantity.js';
import type { FilterResult, NodeInfo, VolumeState } from './types.js';

export const selectedNodeAnnotation = 'volume.kubernetes.io/selected-node';
export const noProvisioner = 'kubernetes.io/no-provisioner';

export interface PodClaim {
  /** "namespace/name" */
  key: string;
  name: string;
  claim: KubeObject;
  /** The PersistentVolume a bound claim points at (undefined if it does not exist). */
  volume: KubeObject | undefined;
  bound: boolean;
  /** The StorageClass of an unbound WaitForFirstConsumer claim. */
  delayedClass: KubeObject | undefined;
}

export type VolumePreFilter = { claims: PodClaim[] } | { message: string };

/** Claim names a pod uses: persistentVolumeClaim volumes and generic ephemeral volumes (<pod>-<volume>). */
export function podClaimNames(pod: KubeObject): { name: string; ephemeral: boolean }[] {
  const out: { name: string; ephemeral: boolean }[] = [];
  for (const v of pod['spec']?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) out.push({ name: `${pod['metadata'].name}-${v.name}`, ephemeral: true });
  }
  return out;
}

/** Look up the pod's claims; a message (kube's wording) when the pod cannot be scheduled anywhere yet. */
export function preFilterVolumes(pod: KubeObject, state: VolumeState): VolumePreFilter {
  const ns: string = pod['metadata']?.namespace ?? 'default';
  const claims: PodClaim[] = [];
  let unboundImmediate = false;
  for (const { name, ephemeral } of podClaimNames(pod)) {
    const key = `${ns}/${name}`;
    const claim = state.claims.get(key);
    if (!claim) {
      return { message: ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"` : `persistentvolumeclaim "${name}" not found` };
    }
    if (claim['metadata']?.deletionTimestamp) return { message: `persistentvolumeclaim "${name}" is being deleted` };
    const volumeName: string | undefined = claim['spec']?.volumeName || undefined;
    if (volumeName) {
      claims.push({ key, name, claim, volume: state.volumes.get(volumeName), bound: true, delayedClass: undefined });
      continue;
    }
    // the same class resolution as the volume controller (an unset class means the default class)
    const choice = classForClaim(claim, [...state.classes.values()]);
    const cls = choice.kind === 'class' ? choice.storageClass : undefined;
    if (cls?.['volumeBindingMode'] === 'WaitForFirstConsumer') {
      claims.push({ key, name, claim, volume: undefined, bound: false, delayedClass: cls });
    } else {
      unboundImmediate = true;
    }
  }
  if (unboundImmediate) return { message: 'pod has unbound immediate PersistentVolumeClaims' };
  return { claims };
}

function nodeAffinityTerms(pv: KubeObject): NodeSelectorTerm[] | undefined {
  return pv['spec']?.nodeAffinity?.required?.nodeSelectorTerms;
}

function volumeFitsNode(pv: KubeObject, node: NodeInfo): boolean {
  const terms = nodeAffinityTerms(pv);
  return terms === undefined || matchesNodeSelectorTerms(terms, node.labels, node.name);
}

/** allowedTopologies of a class: terms of {key, values} ORed; none means anywhere. */
function classAllowsNode(cls: KubeObject, node: NodeInfo): boolean {
  const topologies: KubeObject[] = cls['allowedTopologies'] ?? [];
  if (topologies.length === 0) return true;
  return topologies.some((t) => (t['matchLabelExpressions'] ?? []).every((e: KubeObject) => (e['values'] ?? []).includes(node.labels[e['key']])));
}

/** An Available static volume of the claim's class that could bind to it on this node. */
function hasStaticCandidate(c: PodClaim, node: NodeInfo, state: VolumeState): boolean {
  const want = resourceAmount('storage', c.claim['spec']?.resources?.requests?.storage);
  const modes: string[] = c.claim['spec']?.accessModes ?? [];
  const className: string = c.delayedClass?.['metadata']?.name ?? '';
  for (const pv of state.volumes.values()) {
    const ref = pv['spec']?.claimRef;
    if (ref && !(ref.namespace === c.claim['metadata']?.namespace && ref.name === c.name)) continue;
    if (pv['status']?.phase === 'Failed' || pv['metadata']?.deletionTimestamp) continue;
    if (volumeClassName(pv) !== className) continue;
    if (resourceAmount('storage', pv['spec']?.capacity?.storage) < want) continue;
    const pvModes: string[] = pv['spec']?.accessModes ?? [];
    if (!modes.every((m) => pvModes.includes(m))) continue;
    if (volumeFitsNode(pv, node)) return true;
  }
  return false;
}

/** The per-node part: bound volumes' node affinity, and where delayed claims could be satisfied. */
export function filterVolumes(claims: PodClaim[], node: NodeInfo, state: VolumeState): FilterResult {
  for (const c of claims) {
    if (c.bound) {
      if (!c.volume) return ['node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'];
      if (!volumeFitsNode(c.volume, node)) return ['node(s) had volume node affinity conflict'];
    } else if (c.delayedClass) {
      const dynamic = c.delayedClass['provisioner'] !== noProvisioner;
      const ok = hasStaticCandidate(c, node, state) || (dynamic && classAllowsNode(c.delayedClass, node));
      if (!ok) return ["node(s) didn't find available persistent volumes to bind"];
    }
  }
  return undefined;
}

/** The node an earlier scheduling attempt chose for the pod's still-unbound claims, if any. */
export function previouslySelectedNode(claims: PodClaim[]): string | undefined {
  for (const c of claims) {
    const n = c.bound ? undefined : c.claim['metadata']?.annotations?.[selectedNodeAnnotation];
    if (n) return n;
  }
  return undefined;
}
