import { arrayAt, isObject, setDefault } from '../validation/json-value.js';
import { defaultClaimSpec } from './storage.js';

/** SetDefaults for PodSpec and what it contains (containers, probes, env, volumes), for pods and pod templates. */

/** Always for ":latest" or an untagged image, IfNotPresent for other tags and for digests. */
export function defaultPullPolicy(image: string): string {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  if (lastSegment.includes('@')) return 'IfNotPresent';
  const colon = lastSegment.indexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(h: unknown): void {
  if (!isObject(h)) return;
  setDefault(h, 'path', '/');
  setDefault(h, 'scheme', 'HTTP');
}

function defaultProbe(p: unknown): void {
  if (!isObject(p)) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  defaultHttpGet(p.httpGet);
}

function defaultFieldRefs(items: unknown): void {
  for (const item of arrayAt(items)) {
    if (!isObject(item)) continue;
    if (isObject(item.fieldRef)) setDefault(item.fieldRef, 'apiVersion', 'v1');
    if (isObject(item.resourceFieldRef)) setDefault(item.resourceFieldRef, 'divisor', '0');
  }
}

function defaultContainer(c: unknown, hostNetwork: boolean): void {
  if (!isObject(c)) return;
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'imagePullPolicy', defaultPullPolicy(typeof c.image === 'string' ? c.image : ''));
  setDefault(c, 'resources', {});
  for (const p of arrayAt(c.ports)) {
    if (!isObject(p)) continue;
    setDefault(p, 'protocol', 'TCP');
    if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
  }
  defaultFieldRefs(arrayAt(c.env).map((e) => (isObject(e) ? e.valueFrom : undefined)));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  if (isObject(c.lifecycle)) {
    for (const hook of ['postStart', 'preStop']) if (isObject(c.lifecycle[hook])) defaultHttpGet(c.lifecycle[hook].httpGet);
  }
}

const volumeSources = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];

function defaultVolume(v: unknown): void {
  if (!isObject(v)) return;
  if (!volumeSources.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  for (const src of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (isObject(v[src])) setDefault(v[src], 'defaultMode', 420);
  }
  if (isObject(v.hostPath)) setDefault(v.hostPath, 'type', '');
  if (isObject(v.downwardAPI)) defaultFieldRefs(v.downwardAPI.items);
  if (isObject(v.projected)) {
    for (const s of arrayAt(v.projected.sources)) {
      if (!isObject(s)) continue;
      if (isObject(s.serviceAccountToken)) setDefault(s.serviceAccountToken, 'expirationSeconds', 3600);
      if (isObject(s.downwardAPI)) defaultFieldRefs(s.downwardAPI.items);
    }
  }
  if (isObject(v.iscsi)) setDefault(v.iscsi, 'iscsiInterface', 'default');
  if (isObject(v.ephemeral) && isObject(v.ephemeral.volumeClaimTemplate) && isObject(v.ephemeral.volumeClaimTemplate.spec)) {
    defaultClaimSpec(v.ephemeral.volumeClaimTemplate.spec);
  }
}

export function defaultPodSpec(spec: unknown): void {
  if (!isObject(spec)) return;
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  const hostNetwork = spec.hostNetwork === true;
  for (const c of arrayAt(spec.initContainers)) defaultContainer(c, hostNetwork);
  for (const c of arrayAt(spec.containers)) defaultContainer(c, hostNetwork);
  for (const v of arrayAt(spec.volumes)) defaultVolume(v);
}

/** Pod template: only the spec is defaulted (labels are not copied in apps/v1). */
export function defaultPodTemplate(template: unknown): void {
  if (!isObject(template)) return;
  defaultPodSpec(template.spec);
}
