import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTable } from './build-table.js';
import { ago, days, hours, now, resourceInfo } from './fixtures.js';
import type { KubeObject } from '../../store/types.js';

function cells(group: string, resource: string, kind: string, obj: KubeObject) {
  return buildTable(resourceInfo(group, resource, kind), [obj], { includeObject: 'None', now }).rows[0]!.cells;
}

test('a StatefulSet with 2 of 3 replicas ready', () => {
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'redis', namespace: 'default', creationTimestamp: ago(days(3) + hours(4)) },
    spec: {
      replicas: 3,
      serviceName: 'redis',
      selector: { matchLabels: { app: 'redis' } },
      template: { metadata: { labels: { app: 'redis' } }, spec: { containers: [{ name: 'redis', image: 'redis:7.2' }, { name: 'exporter', image: 'oliver006/redis_exporter:v1.62.0' }] } },
    },
    status: { replicas: 3, readyReplicas: 2, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 2 },
  };
  assert.deepEqual(cells('apps', 'statefulsets', 'StatefulSet', sts), ['redis', '2/3', '3d4h', 'redis,exporter', 'redis:7.2,oliver006/redis_exporter:v1.62.0']);
  const fresh = { metadata: { name: 'zk', creationTimestamp: ago(30_000) }, spec: { template: { spec: { containers: [{ name: 'zk', image: 'zookeeper:3.9' }] } } } };
  assert.deepEqual(cells('apps', 'statefulsets', 'StatefulSet', fresh).slice(0, 3), ['zk', '0/1', '30s']);
  const columns = buildTable(resourceInfo('apps', 'statefulsets', 'StatefulSet'), [], { includeObject: 'None', now }).columnDefinitions;
  assert.deepEqual(columns.map((c) => `${c.name}:${c.priority}`), ['Name:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1']);
});

test('a ControllerRevision names its controller as kind.group/name', () => {
  const rev = {
    metadata: {
      name: 'redis-5d8f7c9b6', creationTimestamp: ago(hours(2)),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'redis', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    },
    revision: 4,
    data: {},
  };
  assert.deepEqual(cells('apps', 'controllerrevisions', 'ControllerRevision', rev), ['redis-5d8f7c9b6', 'statefulset.apps/redis', 4, '120m']);
  assert.equal(cells('apps', 'controllerrevisions', 'ControllerRevision', { ...rev, metadata: { name: 'orphan' } })[1], '<none>');
});

test('a PodDisruptionBudget prints N/A for the unset bound', () => {
  const pdb = { metadata: { name: 'redis', creationTimestamp: ago(days(40)) }, spec: { maxUnavailable: 1, selector: {} }, status: { disruptionsAllowed: 1 } };
  assert.deepEqual(cells('policy', 'poddisruptionbudgets', 'PodDisruptionBudget', pdb), ['redis', 'N/A', '1', 1, '40d']);
  const pct = { metadata: { name: 'zk' }, spec: { minAvailable: '60%' }, status: {} };
  assert.deepEqual(cells('policy', 'poddisruptionbudgets', 'PodDisruptionBudget', pct), ['zk', '60%', 'N/A', 0, '<unknown>']);
});
