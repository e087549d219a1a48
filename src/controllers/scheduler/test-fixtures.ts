/** Small builders for the scheduler's unit tests (plain objects, as the API returns them). */
import type { KubeObject } from '../runtime/types.js';
import type { AffinityTerm } from './pod-affinity.js';

export function node(name: string, options: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: KubeObject[]; unschedulable?: boolean; ready?: 'True' | 'False' | 'Unknown' } = {}): KubeObject {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...options.labels } },
    spec: { ...(options.unschedulable ? { unschedulable: true } : {}), ...(options.taints ? { taints: options.taints } : {}) },
    status: {
      allocatable: { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110' },
      conditions: [{ type: 'Ready', status: options.ready ?? 'True' }],
    },
  };
}

export function pod(name: string, options: { namespace?: string; labels?: Record<string, string>; nodeName?: string; cpu?: string; memory?: string; spec?: KubeObject } = {}): KubeObject {
  const requests: Record<string, string> = {};
  if (options.cpu) requests['cpu'] = options.cpu;
  if (options.memory) requests['memory'] = options.memory;
  return {
    metadata: { name, namespace: options.namespace ?? 'default', labels: options.labels ?? {}, uid: `uid-${name}` },
    spec: {
      schedulerName: 'default-scheduler',
      containers: [{ name: 'c', image: 'redis', resources: Object.keys(requests).length ? { requests } : {} }],
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...options.spec,
    },
    status: { phase: options.nodeName ? 'Running' : 'Pending' },
  };
}

/** A pod affinity / anti-affinity term on app=<app> across hostnames. */
export function appTerm(app: string): AffinityTerm {
  return { labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [app] }] }, topologyKey: 'kubernetes.io/hostname' };
}
