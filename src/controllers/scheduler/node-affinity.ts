/**
 * Node selection by labels: nodeSelector, required and preferred node affinity, and the node
 * selector terms that a PersistentVolume's nodeAffinity uses too. Terms are ORed; the expressions
 * and fields inside a term are ANDed; an empty term matches nothing.
 */
import { matchesRequirements, type Operator, type Requirement } from '../../lib/label-selector.js';
import type { KubeObject } from '../runtime/types.js';
import type { FilterResult, NodeInfo } from './types.js';

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

const operators = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

function requirements(exprs: NodeSelectorRequirement[]): Requirement[] | undefined {
  const out: Requirement[] = [];
  for (const e of exprs) {
    if (!operators.has(e.operator)) return undefined;
    out.push({ key: e.key, operator: e.operator as Operator, values: e.values ?? [] });
  }
  return out;
}

/** One term against a node's labels and name (matchFields supports metadata.name, as kube does). */
export function matchesNodeSelectorTerm(term: NodeSelectorTerm, labels: Record<string, string>, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labelReqs = requirements(exprs);
  if (!labelReqs || !matchesRequirements(labelReqs, labels)) return false;
  if (fields.some((f) => f.key !== 'metadata.name')) return false;
  const fieldReqs = requirements(fields);
  return fieldReqs !== undefined && matchesRequirements(fieldReqs, { 'metadata.name': nodeName });
}

/** A NodeSelector (list of terms, ORed). */
export function matchesNodeSelectorTerms(terms: NodeSelectorTerm[], labels: Record<string, string>, nodeName: string): boolean {
  return terms.some((t) => matchesNodeSelectorTerm(t, labels, nodeName));
}

/** nodeSelector (every label equal) and requiredDuringSchedulingIgnoredDuringExecution. */
export function matchesPodNodeConstraints(pod: KubeObject, labels: Record<string, string>, nodeName: string): boolean {
  const selector: Record<string, string> = pod['spec']?.nodeSelector ?? {};
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  const required = pod['spec']?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !matchesNodeSelectorTerms(required.nodeSelectorTerms ?? [], labels, nodeName)) return false;
  return true;
}

/** NodeAffinity filter. */
export function filterNodeAffinity(pod: KubeObject, node: NodeInfo): FilterResult {
  return matchesPodNodeConstraints(pod, node.labels, node.name) ? undefined : ["node(s) didn't match Pod's node affinity/selector"];
}

/** Sum of the weights of the preferred node affinity terms this node matches. */
export function scorePreferredNodeAffinity(pod: KubeObject, node: NodeInfo): number {
  let score = 0;
  for (const p of pod['spec']?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    if (p.preference && matchesNodeSelectorTerm(p.preference, node.labels, node.name)) score += p.weight ?? 0;
  }
  return score;
}
