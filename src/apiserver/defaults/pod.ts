import { arrayAt, isObject, setDefault, type JsonObject } from '../validation/json-value.js';
import { addDefaultTolerations } from './default-tolerations.js';
import { defaultPodSpec } from './pod-spec.js';

/**
 * Pod-only defaults: SetDefaults_Pod (requests from limits, enableServiceLinks) plus what kube's
 * default admission plugins add to every pod (priority, preemption policy, service account).
 * The service-account token volume is not added; DefaultTolerationSeconds is (default-tolerations.ts).
 */

function requestsFromLimits(c: unknown): void {
  if (!isObject(c) || !isObject(c.resources) || !isObject(c.resources.limits)) return;
  const limits = c.resources.limits;
  if (Object.keys(limits).length === 0) return;
  if (!isObject(c.resources.requests)) c.resources.requests = {};
  for (const [name, q] of Object.entries(limits)) setDefault(c.resources.requests, name, q);
}

export function defaultPod(obj: JsonObject): void {
  const spec = obj.spec;
  if (!isObject(spec)) return;
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  if (spec.priorityClassName === undefined) setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  setDefault(spec, 'serviceAccountName', spec.serviceAccount ?? 'default');
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  for (const c of [...arrayAt(spec.initContainers), ...arrayAt(spec.containers)]) requestsFromLimits(c);
  addDefaultTolerations(spec);
}
