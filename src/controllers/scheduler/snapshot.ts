/**
 * Build the scheduler's ClusterSnapshot from plain lists (what the informers hold, with the pods
 * this scheduler has just placed laid over them). Pure.
 */
import type { KubeObject } from '../runtime/types.js';
import { nodeAllocatable, sumRequests } from './resources.js';
import type { ClusterSnapshot, NodeInfo } from './types.js';

export interface SnapshotInput {
  nodes: KubeObject[];
  pods: KubeObject[];
  claims?: KubeObject[];
  volumes?: KubeObject[];
  classes?: KubeObject[];
  namespaces?: KubeObject[];
}

/** A pod that occupies its node: bound and not finished (terminating pods still count until gone). */
export function isPlaced(pod: KubeObject): boolean {
  const phase = pod['status']?.phase;
  return Boolean(pod['spec']?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

export function buildNodeInfo(node: KubeObject, pods: KubeObject[]): NodeInfo {
  const { requested, nonZeroRequested } = sumRequests(pods);
  return {
    name: node['metadata'].name,
    node,
    labels: node['metadata']?.labels ?? {},
    pods,
    allocatable: nodeAllocatable(node),
    requested,
    nonZeroRequested,
  };
}

function byName<T extends KubeObject>(items: T[] | undefined, namespaced: boolean): Map<string, T> {
  const m = new Map<string, T>();
  for (const o of items ?? []) m.set(namespaced ? `${o['metadata'].namespace}/${o['metadata'].name}` : o['metadata'].name, o);
  return m;
}

export function buildSnapshot(input: SnapshotInput): ClusterSnapshot {
  const podsByNode = new Map<string, KubeObject[]>();
  for (const p of input.pods) {
    if (!isPlaced(p)) continue;
    const list = podsByNode.get(p['spec'].nodeName) ?? [];
    list.push(p);
    podsByNode.set(p['spec'].nodeName, list);
  }
  const nodes = [...input.nodes]
    .sort((a, b) => String(a['metadata'].name).localeCompare(String(b['metadata'].name), 'en', { numeric: true }))
    .map((n) => buildNodeInfo(n, podsByNode.get(n['metadata'].name) ?? []));
  const namespaceLabels = new Map<string, Record<string, string>>();
  for (const ns of input.namespaces ?? []) namespaceLabels.set(ns['metadata'].name, ns['metadata'].labels ?? {});
  return {
    nodes,
    claims: byName(input.claims, true),
    volumes: byName(input.volumes, false),
    classes: byName(input.classes, false),
    namespaceLabels,
  };
}
