import type { KubeObject } from '../../store/types.js';
import type { ResourceInfo } from '../registry/types.js';
import { timestamp, type ApiContext } from './context.js';
import { allocateServiceAddresses } from './service-ips.js';

function qosClass(pod: KubeObject): string {
  const containers: KubeObject[] = [...(pod['spec']?.containers ?? []), ...(pod['spec']?.initContainers ?? [])];
  let anyRequest = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c['resources']?.requests ?? {};
    const lim = c['resources']?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) anyRequest = true;
    for (const r of ['cpu', 'memory']) {
      if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!anyRequest) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** CRD status as kube-apiserver's establishing controller sets it: names accepted, established. */
export function establishedCrdStatus(crd: KubeObject, now: Date): KubeObject {
  const t = timestamp(now);
  const names = crd['spec']?.names ?? {};
  return {
    acceptedNames: { ...names, singular: names.singular ?? String(names.kind ?? '').toLowerCase(), listKind: names.listKind ?? `${names.kind}List` },
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: t, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: t, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    storedVersions: (crd['spec']?.versions ?? []).filter((v: KubeObject) => v['storage']).map((v: KubeObject) => v['name']),
  };
}

/** Kind-specific preparation of a new object (kube-apiserver's PrepareForCreate + allocators). */
export function prepareForCreate(ctx: ApiContext, info: ResourceInfo, obj: KubeObject): void {
  if (info.custom) {
    if (info.subresources.includes('status')) delete obj['status'];
    return;
  }
  switch (info.resource) {
    case 'pods':
      obj['status'] = { phase: 'Pending', qosClass: qosClass(obj) };
      break;
    case 'namespaces':
      obj['status'] = { phase: 'Active' };
      break;
    case 'persistentvolumeclaims':
    case 'persistentvolumes':
      obj['status'] = { phase: 'Pending' };
      break;
    case 'statefulsets':
      obj['status'] = { replicas: 0, availableReplicas: 0 };
      break;
    case 'services':
      obj['status'] = { loadBalancer: {} };
      allocateServiceAddresses(ctx, obj);
      break;
    case 'poddisruptionbudgets':
      obj['status'] = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      break;
    case 'customresourcedefinitions':
      obj['status'] = establishedCrdStatus(obj, ctx.now());
      break;
  }
}

/** Fields of a main-resource update that only the status subresource may change, and vice versa. */
export function prepareForUpdate(ctx: ApiContext, info: ResourceInfo, obj: KubeObject, old: KubeObject, subresource: string | undefined): void {
  const hasStatus = info.subresources.includes('status');
  if (subresource === 'status') {
    // A status write changes status only: spec and metadata stay as stored.
    const status = obj['status'];
    for (const k of Object.keys(obj)) if (k !== 'status') delete obj[k];
    for (const [k, v] of Object.entries(old)) if (k !== 'status') obj[k] = structuredClone(v);
    if (status === undefined) delete obj['status'];
    else obj['status'] = status;
    return;
  }
  if (hasStatus) {
    if (old['status'] === undefined) delete obj['status'];
    else obj['status'] = structuredClone(old['status']);
  }
  if (info.resource === 'services') {
    const spec = (obj['spec'] ??= {});
    const oldSpec = old['spec'] ?? {};
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      spec.clusterIP = oldSpec.clusterIP;
      spec.clusterIPs = oldSpec.clusterIPs;
    }
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const prev = (oldSpec.ports ?? []).find((q: KubeObject) => q['port'] === p.port && (q['protocol'] ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (prev?.nodePort && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) p.nodePort = prev.nodePort;
    }
  }
  if (info.resource === 'customresourcedefinitions') {
    obj['status'] = establishedCrdStatus(obj, ctx.now());
    const oldConds = old['status']?.conditions;
    if (oldConds) obj['status'].conditions = oldConds;
  }
}

/** Objects whose delete response is the object itself rather than a Status (as kube-apiserver). */
export const returnsDeletedObject = new Set(['pods', 'services', 'persistentvolumeclaims', 'persistentvolumes', 'namespaces']);
