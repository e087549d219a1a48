import { apiErrors } from '../lib/errors.js';
import type { KubeObject } from '../store/types.js';
import type { ResourceInfo } from './registry/types.js';

export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

const common = ['metadata.name', 'metadata.namespace'];

/** Fields kube-apiserver accepts in fieldSelector, per resource (beyond metadata.name/namespace). */
const extraFields: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  events: [
    'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
    'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
  ],
  secrets: ['type'],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  persistentvolumeclaims: [],
  replicationcontrollers: ['status.replicas'],
};

export function parseFieldSelector(info: ResourceInfo, selector: string): FieldRequirement[] {
  const allowed = new Set([...common, ...(info.custom ? [] : extraFields[info.resource] ?? [])]);
  const out: FieldRequirement[] = [];
  for (const term of selector.split(',').map((t) => t.trim()).filter(Boolean)) {
    const m = term.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw apiErrors.badRequest(`invalid field selector: "${term}"`);
    const field = m[1]!.trim();
    if (!allowed.has(field)) {
      throw apiErrors.badRequest(`field label not supported: ${field}`);
    }
    out.push({ field, equal: m[2] !== '!=', value: m[3]!.trim() });
  }
  return out;
}

function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') return String(obj['source']?.component ?? obj['reportingComponent'] ?? '');
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as KubeObject)[part];
  }
  if (cur === undefined || cur === null) return field === 'spec.unschedulable' || field === 'spec.hostNetwork' ? 'false' : '';
  return String(cur);
}

export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field);
    if (r.equal ? v !== r.value : v === r.value) return false;
  }
  return true;
}
