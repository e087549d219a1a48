/**
 * Inter-pod affinity and anti-affinity (the InterPodAffinity plugin): required terms filter nodes
 * by the topology domain (the node label named by topologyKey) of pods that match the term;
 * preferred terms, from the incoming pod and from the pods already placed, add or subtract their
 * weight for every matching pod in the same domain.
 */
import { selectorMatches, type LabelSelectorObject } from '../../lib/label-selector.js';
import type { KubeObject } from '../runtime/types.js';
import type { ClusterSnapshot, FilterResult, NodeInfo } from './types.js';

export interface AffinityTerm {
  labelSelector?: LabelSelectorObject | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelectorObject | null;
  topologyKey: string;
}

interface WeightedTerm {
  weight: number;
  podAffinityTerm: AffinityTerm;
}

/** The weight a placed pod's required affinity term gives an incoming pod it matches (kube default). */
export const hardPodAffinityWeight = 1;

type NamespaceLabels = ClusterSnapshot['namespaceLabels'];

function requiredTerms(pod: KubeObject, kind: 'podAffinity' | 'podAntiAffinity'): AffinityTerm[] {
  return pod['spec']?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
}

function preferredTerms(pod: KubeObject, kind: 'podAffinity' | 'podAntiAffinity'): WeightedTerm[] {
  return pod['spec']?.affinity?.[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
}

/** Does `candidate` match `term`, whose namespaces are relative to `ownerNamespace`? */
export function podMatchesTerm(candidate: KubeObject, term: AffinityTerm, ownerNamespace: string, namespaceLabels: NamespaceLabels): boolean {
  const ns: string = candidate['metadata']?.namespace ?? 'default';
  const names = term.namespaces ?? [];
  const nsSelector = term.namespaceSelector;
  const nsMatches =
    names.length === 0 && (nsSelector === undefined || nsSelector === null)
      ? ns === ownerNamespace
      : names.includes(ns) || (nsSelector !== undefined && nsSelector !== null && selectorMatches(nsSelector, namespaceLabels.get(ns) ?? {}));
  return nsMatches && selectorMatches(term.labelSelector, candidate['metadata']?.labels ?? {});
}

function sameDomain(key: string, a: Record<string, string>, b: Record<string, string>): boolean {
  const v = a[key];
  return v !== undefined && b[key] === v;
}

/** Every placed pod with the labels of the node it is on. */
function placedPods(snapshot: ClusterSnapshot): { pod: KubeObject; labels: Record<string, string> }[] {
  return snapshot.nodes.flatMap((n) => n.pods.map((pod) => ({ pod, labels: n.labels })));
}

function namespaceOf(pod: KubeObject): string {
  return pod['metadata']?.namespace ?? 'default';
}

function satisfiesAffinity(pod: KubeObject, node: NodeInfo, placed: ReturnType<typeof placedPods>, nsLabels: NamespaceLabels): boolean {
  const terms = requiredTerms(pod, 'podAffinity');
  if (terms.length === 0) return true;
  if (terms.some((t) => node.labels[t.topologyKey] === undefined)) return false;
  const ns = namespaceOf(pod);
  const inDomain = terms.every((t) => placed.some((p) => sameDomain(t.topologyKey, p.labels, node.labels) && podMatchesTerm(p.pod, t, ns, nsLabels)));
  if (inDomain) return true;
  // The first pod of a group that wants to be with itself: nothing matches anywhere yet.
  const anyMatch = placed.some((p) => terms.some((t) => p.labels[t.topologyKey] !== undefined && podMatchesTerm(p.pod, t, ns, nsLabels)));
  return !anyMatch && terms.every((t) => podMatchesTerm(pod, t, ns, nsLabels));
}

function satisfiesAntiAffinity(pod: KubeObject, node: NodeInfo, placed: ReturnType<typeof placedPods>, nsLabels: NamespaceLabels): boolean {
  const ns = namespaceOf(pod);
  return requiredTerms(pod, 'podAntiAffinity').every(
    (t) => !placed.some((p) => sameDomain(t.topologyKey, p.labels, node.labels) && podMatchesTerm(p.pod, t, ns, nsLabels)),
  );
}

function satisfiesExistingAntiAffinity(pod: KubeObject, node: NodeInfo, placed: ReturnType<typeof placedPods>, nsLabels: NamespaceLabels): boolean {
  return !placed.some((p) =>
    requiredTerms(p.pod, 'podAntiAffinity').some((t) => sameDomain(t.topologyKey, p.labels, node.labels) && podMatchesTerm(pod, t, namespaceOf(p.pod), nsLabels)),
  );
}

/** The InterPodAffinity filter (reasons in kube's order: affinity, anti-affinity, existing pods' anti-affinity). */
export function podAffinityFilter(pod: KubeObject, snapshot: ClusterSnapshot): (node: NodeInfo) => FilterResult {
  const placed = placedPods(snapshot);
  const nsLabels = snapshot.namespaceLabels;
  return (node) => {
    if (!satisfiesAffinity(pod, node, placed, nsLabels)) return ["node(s) didn't match pod affinity rules"];
    if (!satisfiesAntiAffinity(pod, node, placed, nsLabels)) return ["node(s) didn't match pod anti-affinity rules"];
    if (!satisfiesExistingAntiAffinity(pod, node, placed, nsLabels)) return ["node(s) didn't satisfy existing pods anti-affinity rules"];
    return undefined;
  };
}

/**
 * Raw preferred-affinity scores for the given nodes (positive attracts, negative repels), summed
 * over topology domains; normalise with normalizeMinMax.
 */
export function scorePodAffinity(pod: KubeObject, nodes: NodeInfo[], snapshot: ClusterSnapshot): number[] {
  const nsLabels = snapshot.namespaceLabels;
  const ns = namespaceOf(pod);
  const domains = new Map<string, { key: string; value: string; score: number }>();
  const add = (key: string, labels: Record<string, string>, delta: number): void => {
    const value = labels[key];
    if (value === undefined || delta === 0) return;
    const id = `${key}\u0000${value}`;
    const d = domains.get(id) ?? { key, value, score: 0 };
    d.score += delta;
    domains.set(id, d);
  };
  const ownAffinity = preferredTerms(pod, 'podAffinity');
  const ownAnti = preferredTerms(pod, 'podAntiAffinity');
  for (const p of placedPods(snapshot)) {
    const theirNs = namespaceOf(p.pod);
    for (const w of ownAffinity) if (podMatchesTerm(p.pod, w.podAffinityTerm, ns, nsLabels)) add(w.podAffinityTerm.topologyKey, p.labels, w.weight);
    for (const w of ownAnti) if (podMatchesTerm(p.pod, w.podAffinityTerm, ns, nsLabels)) add(w.podAffinityTerm.topologyKey, p.labels, -w.weight);
    for (const w of preferredTerms(p.pod, 'podAffinity')) if (podMatchesTerm(pod, w.podAffinityTerm, theirNs, nsLabels)) add(w.podAffinityTerm.topologyKey, p.labels, w.weight);
    for (const w of preferredTerms(p.pod, 'podAntiAffinity')) if (podMatchesTerm(pod, w.podAffinityTerm, theirNs, nsLabels)) add(w.podAffinityTerm.topologyKey, p.labels, -w.weight);
    for (const t of requiredTerms(p.pod, 'podAffinity')) if (podMatchesTerm(pod, t, theirNs, nsLabels)) add(t.topologyKey, p.labels, hardPodAffinityWeight);
  }
  return nodes.map((n) => {
    let s = 0;
    for (const d of domains.values()) if (n.labels[d.key] === d.value) s += d.score;
    return s;
  });
}
