/** Builders for planner tests: a defaulted set, its pods and claims, as the API server returns them. */
import type { KubeObject } from '../runtime/index.js';
import { claimsFor } from './claims.js';
import { newPod } from './pod-identity.js';
import { newRevision, revisionData, revisionHash } from './revisions.js';

export const t0 = new Date('2025-01-01T00:00:00Z');

export function makeSet(spec: KubeObject = {}, name = 'web'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, resourceVersion: '1' },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
      volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' } }],
      ...spec,
    },
    status: {},
  };
}

let uidSeq = 0;
export const nextUid = (prefix: string): string => `${prefix}-${++uidSeq}`;

/** The revision the planner would create for the set's current template. */
export function makeRevision(set: KubeObject, revision = 1): KubeObject {
  const data = revisionData(set);
  const r = newRevision(set, data, revisionHash(data, 0), revision);
  r['metadata'].uid = nextUid('rev');
  r['metadata'].resourceVersion = '1';
  return r;
}

export interface PodOptions {
  phase?: 'Pending' | 'Running' | 'Failed' | 'Succeeded';
  ready?: boolean;
  readySince?: Date;
  revision?: string;
  deleting?: boolean;
}

export function makePod(set: KubeObject, ordinal: number, options: PodOptions = {}): KubeObject {
  const pod = newPod(set, set['spec'].template, ordinal, options.revision ?? '');
  pod['metadata'].uid = nextUid('pod');
  pod['metadata'].resourceVersion = '1';
  const phase = options.phase ?? 'Running';
  const ready = options.ready ?? phase === 'Running';
  const since = (options.readySince ?? t0).toISOString();
  pod['status'] = { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: since }] };
  if (options.deleting) pod['metadata'].deletionTimestamp = t0.toISOString();
  return pod;
}

export function makeClaims(set: KubeObject, ordinal: number, phase = 'Bound'): KubeObject[] {
  return claimsFor(set, ordinal).map((c) => ({ ...c, metadata: { ...c['metadata'], uid: nextUid('pvc'), resourceVersion: '1' }, status: { phase } }));
}
