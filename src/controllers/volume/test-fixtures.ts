/** Builders of PVs, claims and classes for the unit tests of the pure parts. */
import type { KubeObject } from '../runtime/types.js';

export function pv(name: string, size: string, extra: { class?: string; modes?: string[]; labels?: Record<string, string>; phase?: string; claimRef?: KubeObject; policy?: string; annotations?: Record<string, string>; mode?: string; nodeAffinity?: KubeObject } = {}): KubeObject {
  return {
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', labels: extra.labels ?? {}, annotations: extra.annotations ?? {} },
    spec: {
      capacity: { storage: size },
      accessModes: extra.modes ?? ['ReadWriteOnce'],
      hostPath: { path: `/srv/${name}` },
      persistentVolumeReclaimPolicy: extra.policy ?? 'Retain',
      volumeMode: extra.mode ?? 'Filesystem',
      ...(extra.class !== undefined ? { storageClassName: extra.class } : {}),
      ...(extra.claimRef ? { claimRef: extra.claimRef } : {}),
      ...(extra.nodeAffinity ? { nodeAffinity: extra.nodeAffinity } : {}),
    },
    status: { phase: extra.phase ?? 'Available' },
  };
}

export function claim(name: string, size: string, extra: { class?: string | null; modes?: string[]; selector?: KubeObject; volumeName?: string; annotations?: Record<string, string>; uid?: string; mode?: string; status?: KubeObject } = {}): KubeObject {
  return {
    metadata: { name, namespace: 'default', uid: extra.uid ?? `uid-${name}`, resourceVersion: '1', annotations: extra.annotations ?? {} },
    spec: {
      accessModes: extra.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      volumeMode: extra.mode ?? 'Filesystem',
      ...(extra.class !== undefined && extra.class !== null ? { storageClassName: extra.class } : {}),
      ...(extra.selector ? { selector: extra.selector } : {}),
      ...(extra.volumeName ? { volumeName: extra.volumeName } : {}),
    },
    status: extra.status ?? { phase: 'Pending' },
  };
}

export function refTo(c: KubeObject, withUid = true): KubeObject {
  return { kind: 'PersistentVolumeClaim', namespace: c['metadata'].namespace, name: c['metadata'].name, ...(withUid ? { uid: c['metadata'].uid } : {}) };
}

export function storageClass(name: string, extra: { default?: boolean; mode?: string; provisioner?: string; created?: string; policy?: string } = {}): KubeObject {
  return {
    metadata: { name, creationTimestamp: extra.created ?? '2024-01-01T00:00:00Z', annotations: extra.default ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {} },
    provisioner: extra.provisioner ?? 'ordinal.dev/local-path',
    reclaimPolicy: extra.policy ?? 'Delete',
    volumeBindingMode: extra.mode ?? 'Immediate',
  };
}
