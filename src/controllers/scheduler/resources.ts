/**
 * Resource requests and the NodeResourcesFit filter / LeastAllocated score, as kube-scheduler
 * computes them: containers add up, init containers take the max (sidecars add up with the app
 * containers), overhead on top; the pod count is a resource too.
 */
import type { KubeObject } from '../runtime/types.js';
import { resourceAmount } from '../../lib/quantity.js';
import type { FilterResult, NodeInfo, ResourceAmounts } from './types.js';

/** What the scheduler assumes for scoring when a container requests no cpu / memory. */
export const defaultMilliCpuRequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

function addTo(sum: ResourceAmounts, more: ResourceAmounts): void {
  for (const [k, v] of Object.entries(more)) sum[k] = (sum[k] ?? 0) + v;
}

function maxInto(max: ResourceAmounts, other: ResourceAmounts): void {
  for (const [k, v] of Object.entries(other)) if (v > (max[k] ?? 0)) max[k] = v;
}

function containerRequests(c: KubeObject, nonZero: boolean): ResourceAmounts {
  const out: ResourceAmounts = {};
  for (const [name, q] of Object.entries<string | number>(c['resources']?.requests ?? {})) out[name] = resourceAmount(name, q);
  if (nonZero) {
    out['cpu'] = out['cpu'] || defaultMilliCpuRequest;
    out['memory'] = out['memory'] || defaultMemoryRequest;
  }
  return out;
}

// Informer objects are replaced, never mutated, so a pod object's requests can be remembered.
const memo = [new WeakMap<KubeObject, ResourceAmounts>(), new WeakMap<KubeObject, ResourceAmounts>()] as const;

/** The pod's effective requests (without the pod count); `nonZero` applies the scoring defaults. */
export function podRequests(pod: KubeObject, nonZero = false): ResourceAmounts {
  const cache = memo[nonZero ? 1 : 0];
  let r = cache.get(pod);
  if (!r) {
    r = computePodRequests(pod, nonZero);
    cache.set(pod, r);
  }
  return r;
}

function computePodRequests(pod: KubeObject, nonZero: boolean): ResourceAmounts {
  const spec = pod['spec'] ?? {};
  const total: ResourceAmounts = {};
  for (const c of spec.containers ?? []) addTo(total, containerRequests(c, nonZero));
  const sidecars: ResourceAmounts = {};
  const initMax: ResourceAmounts = {};
  for (const c of spec.initContainers ?? []) {
    const req = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      addTo(sidecars, req);
      maxInto(initMax, sidecars);
    } else {
      const withSidecars = { ...sidecars };
      addTo(withSidecars, req);
      maxInto(initMax, withSidecars);
    }
  }
  addTo(total, sidecars);
  maxInto(total, initMax);
  for (const [name, q] of Object.entries<string | number>(spec.overhead ?? {})) total[name] = (total[name] ?? 0) + resourceAmount(name, q);
  return total;
}

/** A node's allocatable (falling back to capacity) in scheduler units. */
export function nodeAllocatable(node: KubeObject): ResourceAmounts {
  const list = node['status']?.allocatable ?? node['status']?.capacity ?? {};
  const out: ResourceAmounts = {};
  for (const [name, q] of Object.entries<string | number>(list)) out[name] = resourceAmount(name, q);
  return out;
}

/** Sum what the node's pods request (with a `pods` count) and their non-zero cpu/memory for scoring. */
export function sumRequests(pods: KubeObject[]): { requested: ResourceAmounts; nonZeroRequested: { cpu: number; memory: number } } {
  const requested: ResourceAmounts = { pods: 0 };
  const nonZeroRequested = { cpu: 0, memory: 0 };
  for (const p of pods) {
    addTo(requested, podRequests(p));
    requested['pods']! += 1;
    const nz = podRequests(p, true);
    nonZeroRequested.cpu += nz['cpu'] ?? 0;
    nonZeroRequested.memory += nz['memory'] ?? 0;
  }
  return { requested, nonZeroRequested };
}

/** NodeResourcesFit: "Too many pods", "Insufficient cpu", "Insufficient memory", ... */
export function filterResources(pod: KubeObject, node: NodeInfo): FilterResult {
  const reasons: string[] = [];
  const podsAllowed = node.allocatable['pods'] ?? 0;
  if ((node.requested['pods'] ?? 0) + 1 > podsAllowed) reasons.push('Too many pods');
  const req = podRequests(pod);
  for (const [name, amount] of Object.entries(req).sort(([a], [b]) => a.localeCompare(b))) {
    if (amount <= 0 || name === 'pods') continue;
    const free = (node.allocatable[name] ?? 0) - (node.requested[name] ?? 0);
    if (amount > free) reasons.push(`Insufficient ${name}`);
  }
  return reasons.length > 0 ? reasons : undefined;
}

/** LeastAllocated (0..100): the more cpu and memory stay free after placing the pod, the better. */
export function scoreLeastAllocated(pod: KubeObject, node: NodeInfo): number {
  const req = podRequests(pod, true);
  const part = (allocatable: number, used: number): number => (allocatable <= 0 || used > allocatable ? 0 : Math.floor(((allocatable - used) * 100) / allocatable));
  const cpu = part(node.allocatable['cpu'] ?? 0, node.nonZeroRequested.cpu + (req['cpu'] ?? 0));
  const memory = part(node.allocatable['memory'] ?? 0, node.nonZeroRequested.memory + (req['memory'] ?? 0));
  return Math.floor((cpu + memory) / 2);
}
