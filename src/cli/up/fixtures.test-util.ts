/** Builders of API objects for the pure tests of `up` (shaped as the API serves them). */
import type { KubeObject } from './objects.js';
import type { ClusterView, Tracked } from './tracked.js';

export function view(parts: Partial<ClusterView>): ClusterView {
  return { statefulSets: [], pods: [], claims: [], services: [], events: [], nodes: [readyNode('node-1')], storageClasses: [localPath()], volumes: [], operated: [], ...parts };
}

export const tracked = (parts: Partial<Tracked>): Tracked => ({ statefulSets: [], pods: [], services: [], claims: [], operated: [], ...parts });

export function readyNode(name: string, ready = true): KubeObject {
  return { kind: 'Node', metadata: { name }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown', message: ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.' }] } };
}

export function localPath(): KubeObject {
  return { kind: 'StorageClass', metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, volumeBindingMode: 'WaitForFirstConsumer' };
}

export function statefulSet(name: string, replicas: number, status: KubeObject = {}, spec: KubeObject = {}): KubeObject {
  return {
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1 },
    spec: { replicas, serviceName: name, podManagementPolicy: 'OrderedReady', ...spec },
    status: { observedGeneration: 1, replicas: 0, readyReplicas: 0, currentRevision: `${name}-1`, updateRevision: `${name}-1`, ...status },
  };
}

export interface PodParts {
  set?: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  containers?: KubeObject[];
  claims?: string[];
  ip?: string;
}

export function pod(name: string, parts: PodParts = {}): KubeObject {
  const p: KubeObject = {
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ownerReferences: parts.set ? [{ kind: 'StatefulSet', name: parts.set, controller: true }] : [] },
    spec: {
      containers: [{ name: 'app', image: 'redis:7' }],
      volumes: (parts.claims ?? []).map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
      ...(parts.node ? { nodeName: parts.node } : {}),
    },
    status: { phase: parts.phase ?? 'Pending', conditions: [{ type: 'Ready', status: parts.ready ? 'True' : 'False' }] },
  };
  if (parts.containers) p['status'].containerStatuses = parts.containers;
  if (parts.ip) p['status'].podIP = parts.ip;
  return p;
}

export const running = (ready: boolean, restartCount = 0): KubeObject => ({ name: 'app', image: 'redis:7', ready, restartCount, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } });
export const waiting = (reason: string, message?: string, extra: KubeObject = {}): KubeObject => ({ name: 'app', image: 'redis:7', ready: false, restartCount: 0, state: { waiting: { reason, message } }, ...extra });

export function claim(name: string, phase: string, storageClassName?: string, volumeName?: string): KubeObject {
  return {
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { storageClassName, volumeName, resources: { requests: { storage: '1Gi' } } },
    status: { phase, ...(phase === 'Bound' ? { capacity: { storage: '1Gi' } } : {}) },
  };
}

let eventSeq = 0;
export function event(kind: string, name: string, reason: string, message: string, type = 'Warning', at = '2025-01-01T00:00:00Z'): KubeObject {
  return { kind: 'Event', metadata: { name: `e${++eventSeq}`, namespace: 'default' }, involvedObject: { kind, name, namespace: 'default' }, reason, message, type, lastTimestamp: at };
}
