/**
 * A virtual node as the API sees it, built the way a kubelet registers itself: the Node (labels,
 * empty spec - cordon and taints belong to the user), its status (capacity, conditions with
 * heartbeats, node info, addresses) and its Lease in kube-node-lease. Pure.
 */
import type { KubeObject } from '../runtime/types.js';
import type { HostFacts } from './host-facts.js';

export const leaseNamespace = 'kube-node-lease';
/** Marks nodes this registrar owns (so a node left over from a larger --nodes can be told apart). */
export const virtualNodeLabel = 'node.ordinal.dev/virtual';
export const kubeletVersion = 'v1.32.0+ordinal';
export const leaseDurationSeconds = 40;

const ts = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const microTs = (d: Date): string => d.toISOString().replace(/Z$/, '000Z');

export function virtualNodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `node-${i + 1}`);
}

export function nodeLabels(name: string, facts: HostFacts): Record<string, string> {
  return {
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': facts.architecture,
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': facts.architecture,
    [virtualNodeLabel]: 'true',
  };
}

/** The Node to POST when it does not exist yet (status follows through /status). */
export function newNode(name: string, facts: HostFacts): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: nodeLabels(name, facts) }, spec: {} };
}

/** Labels of ours that are missing or wrong on the node (never removes anything the user added). */
export function missingLabels(node: KubeObject, facts: HostFacts): Record<string, string> | undefined {
  const want = nodeLabels(node['metadata'].name, facts);
  const have: Record<string, string> = node['metadata']?.labels ?? {};
  const patch = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export function nodeCapacity(facts: HostFacts): Record<string, string> {
  const cap: Record<string, string> = { cpu: String(facts.cpus), memory: `${Math.floor(facts.memoryBytes / 1024)}Ki`, pods: '110' };
  if (facts.ephemeralStorageBytes !== undefined) cap['ephemeral-storage'] = `${Math.floor(facts.ephemeralStorageBytes / 1024)}Ki`;
  return cap;
}

const healthy: [type: string, status: string, reason: string, message: string][] = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
];

const unknown: [type: string, status: string, reason: string, message: string][] = healthy.map(([type]) => [type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);

/** Conditions with fresh heartbeats, keeping lastTransitionTime while a condition's status holds. */
export function nodeConditions(current: KubeObject | undefined, now: Date, posting = true): KubeObject[] {
  const old: KubeObject[] = current?.['status']?.conditions ?? [];
  return (posting ? healthy : unknown).map(([type, status, reason, message]) => {
    const prior = old.find((c) => c['type'] === type);
    const lastTransitionTime = prior?.status === status && prior?.lastTransitionTime ? prior.lastTransitionTime : ts(now);
    const lastHeartbeatTime = posting ? ts(now) : prior?.lastHeartbeatTime ?? ts(now);
    return { type, status, lastHeartbeatTime, lastTransitionTime, reason, message };
  });
}

/** The whole status a virtual node posts (merge-patched onto /status). */
export function nodeStatus(name: string, facts: HostFacts, current: KubeObject | undefined, now: Date, kubeletPort = 0): KubeObject {
  const capacity = nodeCapacity(facts);
  return {
    capacity,
    allocatable: { ...capacity },
    conditions: nodeConditions(current, now),
    addresses: [
      { type: 'InternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: 'ordinal://0.1.0',
      kubeletVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: facts.architecture,
    },
  };
}

/** When did the node last post its status (the Ready condition's heartbeat)? */
export function lastHeartbeat(node: KubeObject): number | undefined {
  const ready = (node['status']?.conditions ?? []).find((c: KubeObject) => c['type'] === 'Ready');
  const t = ready?.lastHeartbeatTime ? Date.parse(ready.lastHeartbeatTime) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** Does the posted status differ from what the node would post now, apart from heartbeats? */
export function statusDrifted(node: KubeObject, facts: HostFacts, kubeletPort = 0): boolean {
  const status = node['status'] ?? {};
  if ((status.daemonEndpoints?.kubeletEndpoint?.Port ?? 0) !== kubeletPort) return true;
  const cap = nodeCapacity(facts);
  const same = (a: Record<string, string> | undefined): boolean => a !== undefined && Object.keys(cap).every((k) => a[k] === cap[k]);
  if (!same(status.capacity) || !same(status.allocatable)) return true;
  const conditions: KubeObject[] = status.conditions ?? [];
  return healthy.some(([type, s]) => !conditions.some((c) => c['type'] === type && c['status'] === s));
}

export function nodeLease(name: string, nodeUid: string | undefined, now: Date): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: leaseNamespace,
      ...(nodeUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: nodeUid }] } : {}),
    },
    spec: { holderIdentity: name, leaseDurationSeconds, renewTime: microTs(now) },
  };
}

export function leaseRenewal(now: Date): KubeObject {
  return { spec: { renewTime: microTs(now), leaseDurationSeconds } };
}
