import { apiErrors } from '../../lib/errors.js';
import { formatLabelSelector } from '../../lib/label-selector.js';
import type { KubeObject, StoredObject } from '../../store/types.js';
import type { ResourceInfo } from '../registry/types.js';

function getPath(obj: KubeObject, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as KubeObject)[part];
  }
  return cur;
}

function setPath(obj: KubeObject, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) cur = (cur[part] ??= {}) as KubeObject;
  cur[parts[parts.length - 1]!] = value;
}

function paths(info: ResourceInfo): { spec: string; status: string; selector: string | undefined } {
  if (info.scale) return { spec: info.scale.specReplicasPath, status: info.scale.statusReplicasPath, selector: info.scale.labelSelectorPath };
  return { spec: '.spec.replicas', status: '.status.replicas', selector: undefined };
}

/** The autoscaling/v1 Scale view of an object with a scale subresource. */
export function toScale(info: ResourceInfo, stored: StoredObject): KubeObject {
  const obj = stored.value;
  const p = paths(info);
  let selector: string | undefined;
  if (p.selector) selector = getPath(obj, p.selector) as string | undefined;
  else if (obj['spec']?.selector) selector = formatLabelSelector(obj['spec'].selector);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj['metadata'].name,
      namespace: obj['metadata'].namespace,
      uid: obj['metadata'].uid,
      resourceVersion: obj['metadata'].resourceVersion,
      creationTimestamp: obj['metadata'].creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, p.spec) ?? 0) },
    status: { replicas: Number(getPath(obj, p.status) ?? 0), ...(selector ? { selector } : {}) },
  };
}

/** Apply a Scale's spec.replicas to a copy of the object. */
export function fromScale(info: ResourceInfo, stored: StoredObject, scale: KubeObject): KubeObject {
  if (scale['kind'] !== undefined && scale['kind'] !== 'Scale') throw apiErrors.badRequest(`the kind in the data (${String(scale['kind'])}) does not match the expected kind (Scale)`);
  const replicas = scale['spec']?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw apiErrors.invalid('Scale', stored.value['metadata'].name, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }], 'autoscaling');
  }
  const obj = structuredClone(stored.value);
  setPath(obj, paths(info).spec, replicas);
  return obj;
}
