import type { StatusCause } from '../../../lib/errors.js';
import { child, duplicate, forbidden, index, invalid, invalidEach, required } from '../causes.js';
import { arrayAt, isInteger, isObject, stringAt, type JsonObject } from '../json-value.js';
import { validateLabels } from '../labels.js';
import { isDns1123Label, isDns1123Subdomain, isQualifiedName } from '../name-rules.js';
import { validateContainers } from './container.js';

/** ValidatePodSpec, the parts kube-apiserver checks that the OpenAPI schema does not. */

export interface PodSpecOptions {
  /** Extra names volumeMounts may refer to (a StatefulSet's volumeClaimTemplates). */
  extraVolumeNames?: readonly string[];
}

export function validatePodSpec(spec: unknown, field: string, opts: PodSpecOptions = {}): StatusCause[] {
  if (!isObject(spec)) return [required(field)];
  const causes: StatusCause[] = [];
  const volumeNames = new Set<string>(opts.extraVolumeNames ?? []);
  causes.push(...validateVolumes(spec.volumes, child(field, 'volumes'), volumeNames));
  const scope = { volumeNames, seenNames: new Set<string>() };
  if (arrayAt(spec.containers).length === 0) causes.push(required(child(field, 'containers')));
  causes.push(...validateContainers(spec.initContainers, child(field, 'initContainers'), scope, 'initContainers'));
  causes.push(...validateContainers(spec.containers, child(field, 'containers'), scope, 'containers'));
  if (!stringAt(spec.restartPolicy)) causes.push(required(child(field, 'restartPolicy')));
  if (!stringAt(spec.dnsPolicy)) causes.push(required(child(field, 'dnsPolicy')));
  if (spec.activeDeadlineSeconds !== undefined && (!isInteger(spec.activeDeadlineSeconds) || spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > 2147483647)) {
    causes.push(invalid(child(field, 'activeDeadlineSeconds'), spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  for (const k of ['hostname', 'subdomain'] as const) {
    const v = stringAt(spec[k]);
    if (v) causes.push(...invalidEach(child(field, k), v, isDns1123Label(v)));
  }
  const sa = stringAt(spec.serviceAccountName);
  if (sa) causes.push(...invalidEach(child(field, 'serviceAccountName'), sa, isDns1123Subdomain(sa)));
  causes.push(...validateLabels(spec.nodeSelector, child(field, 'nodeSelector')));
  causes.push(...validateTolerations(spec.tolerations, child(field, 'tolerations')));
  return causes;
}

const volumeSourceKeys = new Set([
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
]);

function validateVolumes(volumes: unknown, field: string, names: Set<string>): StatusCause[] {
  const causes: StatusCause[] = [];
  arrayAt(volumes).forEach((v, i) => {
    if (!isObject(v)) return;
    const f = index(field, i);
    const name = stringAt(v.name);
    if (!name) causes.push(required(child(f, 'name')));
    else {
      causes.push(...invalidEach(child(f, 'name'), name, isDns1123Label(name)));
      if (names.has(name)) causes.push(duplicate(child(f, 'name'), name));
      names.add(name);
    }
    const sources = Object.keys(v).filter((k) => volumeSourceKeys.has(k) && v[k] !== undefined);
    if (sources.length === 0) causes.push(required(f, 'must specify a volume type'));
    else if (sources.length > 1) causes.push(forbidden(child(f, sources[1] ?? ''), 'may not specify more than 1 volume type'));
    causes.push(...validateVolumeSource(v, f));
  });
  return causes;
}

function validateVolumeSource(v: JsonObject, f: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const need = (src: string, key: string) => {
    const s = v[src];
    if (isObject(s) && !stringAt(s[key])) causes.push(required(child(child(f, src), key)));
  };
  need('persistentVolumeClaim', 'claimName');
  need('secret', 'secretName');
  need('hostPath', 'path');
  need('nfs', 'server');
  need('nfs', 'path');
  need('csi', 'driver');
  for (const src of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const s = v[src];
    if (isObject(s) && isInteger(s.defaultMode) && (s.defaultMode < 0 || s.defaultMode > 0o777)) {
      causes.push(invalid(child(child(f, src), 'defaultMode'), s.defaultMode, 'must be a number between 0 and 0777 (octal), both inclusive'));
    }
  }
  return causes;
}

function validateTolerations(tolerations: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  arrayAt(tolerations).forEach((t, i) => {
    if (!isObject(t)) return;
    const f = index(field, i);
    const k = stringAt(t.key);
    if (k) causes.push(...invalidEach(child(f, 'key'), k, isQualifiedName(k)));
    if (!k && t.operator !== 'Exists') causes.push(invalid(child(f, 'operator'), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.operator === 'Exists' && stringAt(t.value)) causes.push(invalid(child(f, 'operator'), t.operator, "value must be empty when `operator` is 'Exists'"));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      causes.push(invalid(child(f, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
  });
  return causes;
}
