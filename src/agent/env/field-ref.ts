/**
 * Downward API values (fieldRef and resourceFieldRef), as the kubelet's
 * podFieldSelectorRuntimeValue / fieldpath.ExtractFieldPathAsString / ExtractContainerResourceValue
 * compute them.
 */
import { cpus, totalmem } from 'node:os';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { quantityMilliValue, quantityValue } from '../../lib/quantity.js';
import { configError } from './pod-input-error.js';
import type { PodFacts } from './types.js';

/** `k="v"` lines, keys sorted (the kubelet's FormatMap, used for whole label/annotation maps). */
export function formatMap(map: Record<string, string> | undefined): string {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n');
}

const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** The value of a fieldRef.fieldPath for this pod; throws CreateContainerConfigError when unsupported. */
export function podFieldValue(pod: KubeObject, fieldPath: string, facts: Partial<PodFacts>): string {
  const meta = pod['metadata'] ?? {};
  switch (fieldPath) {
    case 'metadata.name': return String(meta.name ?? '');
    case 'metadata.namespace': return String(meta.namespace ?? '');
    case 'metadata.uid': return String(meta.uid ?? '');
    case 'metadata.labels': return formatMap(meta.labels);
    case 'metadata.annotations': return formatMap(meta.annotations);
    case 'spec.nodeName': return String(pod['spec']?.nodeName ?? facts.nodeName ?? '');
    case 'spec.serviceAccountName': return String(pod['spec']?.serviceAccountName ?? facts.serviceAccountName ?? '');
    case 'status.hostIP': return facts.hostIP ?? String(pod['status']?.hostIP ?? '');
    case 'status.hostIPs': return facts.hostIP ?? ((pod['status']?.hostIPs ?? []) as Array<{ ip: string }>).map((i) => i.ip).join(',');
    case 'status.podIP': return facts.podIP ?? String(pod['status']?.podIP ?? '');
    case 'status.podIPs': return (facts.podIPs ?? (facts.podIP ? [facts.podIP] : [])).join(',');
  }
  const m = subscript.exec(fieldPath);
  if (m) {
    const map = (meta[m[1]!] ?? {}) as Record<string, string>;
    return map[m[2]!] ?? '';
  }
  throw configError('E_FIELD_PATH', `unsupported fieldPath: ${fieldPath}`);
}

export interface ResourceFieldSelector {
  containerName?: string;
  resource: string;
  divisor?: string | number;
}

function allocatable(facts: Partial<PodFacts>, resource: 'cpu' | 'memory'): string | number {
  const given = facts.nodeAllocatable?.[resource];
  if (given !== undefined) return given;
  return resource === 'cpu' ? Math.max(1, cpus().length) : totalmem();
}

/**
 * A container's resource value in units of `divisor` (default 1), rounded up. A limit the container
 * does not set is the node's allocatable amount (the kubelet's defaultPodLimitsForDownwardAPI); a
 * request it does not set is 0 (the API server already defaulted requests to limits).
 */
export function containerResourceValue(container: KubeObject, ref: ResourceFieldSelector, facts: Partial<PodFacts>): string {
  const resources = container['resources'] ?? {};
  const [kind, name] = ref.resource.split('.', 2) as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || (name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage')) {
    throw configError('E_RESOURCE_FIELD', `unsupported container resource : ${ref.resource}`);
  }
  let amount: string | number | undefined = resources[kind]?.[name];
  if (amount === undefined && kind === 'limits') {
    amount = name === 'ephemeral-storage' ? 0 : allocatable(facts, name);
  }
  const divisor = ref.divisor === undefined || ref.divisor === '' || ref.divisor === '0' || ref.divisor === 0 ? '1' : ref.divisor;
  if (name === 'cpu') {
    const value = quantityMilliValue(amount ?? 0) ?? 0;
    const per = quantityMilliValue(divisor) ?? 1000;
    return String(Math.ceil(value / per));
  }
  const value = quantityValue(amount ?? 0) ?? 0;
  const per = quantityValue(divisor) ?? 1;
  return String(Math.ceil(value / per));
}
