/**
 * Which PersistentVolume satisfies a claim (statefulset-rules.md rule 15). Pure: the binder feeds it
 * the cached volumes. Classes compare as strings with "" for none (a claim without a class matches
 * only volumes without one); access modes must be a superset; the claim's selector must match the
 * volume's labels; the smallest sufficient volume wins, by name on a tie.
 */
import { matchesRequirements, selectorMatches, type Requirement } from '../../lib/label-selector.js';
import type { KubeObject } from '../runtime/types.js';
import { parseQuantity } from '../../lib/quantity.js';

/** A node as the matcher needs it: a WaitForFirstConsumer claim's selected node. */
export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
}

const betaClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

/** The claim's class as the binder compares it: the beta annotation wins, no class is "". */
export function claimClassName(claim: KubeObject): string {
  return claim['metadata']?.annotations?.[betaClassAnnotation] ?? claim['spec']?.storageClassName ?? '';
}

export function volumeClassName(pv: KubeObject): string {
  return pv['metadata']?.annotations?.[betaClassAnnotation] ?? pv['spec']?.storageClassName ?? '';
}

export function requestedBytes(claim: KubeObject): number {
  return parseQuantity(claim['spec']?.resources?.requests?.storage) ?? 0;
}

export function capacityBytes(pv: KubeObject): number {
  return parseQuantity(pv['spec']?.capacity?.storage) ?? 0;
}

function volumeModeOf(obj: KubeObject): string {
  return obj['spec']?.volumeMode ?? 'Filesystem';
}

/** The PV's claimRef names this claim (a uid, when set, must be this claim's). */
export function isVolumeBoundToClaim(pv: KubeObject, claim: KubeObject): boolean {
  const ref = pv['spec']?.claimRef;
  if (!ref || ref.name !== claim['metadata']?.name || (ref.namespace ?? '') !== (claim['metadata']?.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim['metadata']?.uid;
}

export function hasAccessModes(pv: KubeObject, claim: KubeObject): boolean {
  const offered = new Set<string>(pv['spec']?.accessModes ?? []);
  return (claim['spec']?.accessModes ?? []).every((m: string) => offered.has(m));
}

export function selectorAdmits(claim: KubeObject, pv: KubeObject): boolean {
  const sel = claim['spec']?.selector;
  if (sel === undefined || sel === null) return true;
  return selectorMatches(sel, pv['metadata']?.labels);
}

function termAdmits(term: KubeObject, node: NodeInfo): boolean {
  const exprs: KubeObject[] = term['matchExpressions'] ?? [];
  const fields: KubeObject[] = term['matchFields'] ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const reqs: Requirement[] = exprs.map((e) => ({ key: e['key'], operator: e['operator'], values: e['values'] ?? [] }));
  const fieldReqs: Requirement[] = fields.map((e) => ({ key: e['key'], operator: e['operator'], values: e['values'] ?? [] }));
  return matchesRequirements(reqs, node.labels) && matchesRequirements(fieldReqs, { 'metadata.name': node.name });
}

/** The PV's required node affinity admits this node (no affinity admits every node). */
export function nodeAffinityAdmits(pv: KubeObject, node: NodeInfo): boolean {
  const required = pv['spec']?.nodeAffinity?.required;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t: KubeObject) => termAdmits(t, node));
}

/** Why a volume the claim names (volumeName or claimRef) cannot be bound to it, or undefined. */
export function boundVolumeMismatch(pv: KubeObject, claim: KubeObject, options: { checkClass: boolean }): string | undefined {
  if (capacityBytes(pv) < requestedBytes(claim)) return `requested PV is too small (${pv['spec']?.capacity?.storage} < ${claim['spec']?.resources?.requests?.storage})`;
  if (options.checkClass && volumeClassName(pv) !== claimClassName(claim)) return 'storageClassName does not match';
  if (volumeModeOf(pv) !== volumeModeOf(claim)) return `incompatible volumeMode (${volumeModeOf(pv)} volume, ${volumeModeOf(claim)} claim)`;
  return undefined;
}

/** Whether an unclaimed volume satisfies the claim (everything but capacity ordering). */
export function isCandidate(pv: KubeObject, claim: KubeObject, node: NodeInfo | undefined, className = claimClassName(claim)): boolean {
  return (
    !pv['spec']?.claimRef &&
    pv['status']?.phase === 'Available' &&
    !pv['metadata']?.deletionTimestamp &&
    volumeClassName(pv) === className &&
    volumeModeOf(pv) === volumeModeOf(claim) &&
    hasAccessModes(pv, claim) &&
    selectorAdmits(claim, pv) &&
    capacityBytes(pv) >= requestedBytes(claim) &&
    (node === undefined || nodeAffinityAdmits(pv, node))
  );
}

export interface MatchOptions {
  /** Match volumes of this class instead of the claim's own (a class-less claim trying the default class). */
  className?: string;
  /** The claim's class binds late (WaitForFirstConsumer). */
  delayBinding: boolean;
  /** The claim's selected node, if the scheduler chose one. */
  node?: NodeInfo;
}

/**
 * The volume to bind: a volume pre-bound to this claim (claimRef) if it fits, otherwise the smallest
 * sufficient candidate. A late-binding claim takes only pre-bound volumes until it has a node, and then
 * only volumes reachable from that node.
 */
export function findBestVolume(claim: KubeObject, volumes: readonly KubeObject[], options: MatchOptions): KubeObject | undefined {
  const sorted = [...volumes].sort((a, b) => String(a['metadata']?.name).localeCompare(String(b['metadata']?.name)));
  const node = options.delayBinding ? options.node : undefined;
  for (const pv of sorted) {
    if (pv['metadata']?.deletionTimestamp || !isVolumeBoundToClaim(pv, claim)) continue;
    if (boundVolumeMismatch(pv, claim, { checkClass: false }) === undefined && (node === undefined || nodeAffinityAdmits(pv, node))) return pv;
  }
  if (options.delayBinding && !node) return undefined;
  let best: KubeObject | undefined;
  for (const pv of sorted) {
    if (!isCandidate(pv, claim, node, options.className)) continue;
    if (!best || capacityBytes(pv) < capacityBytes(best)) best = pv;
  }
  return best;
}
