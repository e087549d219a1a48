import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTable } from './build-table.js';
import { ago, hours, minutes, now, resourceInfo } from './fixtures.js';
import { cellForValue } from './print-custom.js';
import type { PrinterColumn } from './types.js';

const redisClusters = resourceInfo('redis.ordinal.dev', 'redisclusters', 'RedisCluster', { custom: true });

const printerColumns: PrinterColumn[] = [
  { name: 'Shards', type: 'integer', jsonPath: '.spec.shards' },
  { name: 'Ready', type: 'string', description: 'Whether the cluster serves all slots', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'Endpoints', type: 'string', priority: 1, jsonPath: '.status.endpoints' },
  { name: 'Last Failover', type: 'date', jsonPath: '.status.lastFailoverTime' },
  { name: 'Version', type: 'string', priority: 1, jsonPath: '.spec.version' },
];

const cluster = {
  apiVersion: 'redis.ordinal.dev/v1alpha1',
  kind: 'RedisCluster',
  metadata: { name: 'cache', namespace: 'default', creationTimestamp: ago(hours(3)) },
  spec: { shards: 3, replicasPerShard: 1, version: '7.2.5' },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Available', status: 'True' }, { type: 'Ready', status: 'True', lastTransitionTime: ago(minutes(50)) }],
    endpoints: ['10.42.0.7:6379', '10.42.0.8:6379'],
    lastFailoverTime: ago(minutes(50)),
  },
};

test('a custom resource with printer columns', () => {
  const t = buildTable(redisClusters, [cluster, { metadata: { name: 'empty' } }], { includeObject: 'Metadata', now, printerColumns });
  assert.deepEqual(t.columnDefinitions, [
    { name: 'Name', type: 'string', format: 'name', description: t.columnDefinitions[0]!.description, priority: 0 },
    { name: 'Shards', type: 'integer', format: '', description: 'Custom resource definition column (in JSONPath format): .spec.shards', priority: 0 },
    { name: 'Ready', type: 'string', format: '', description: 'Whether the cluster serves all slots', priority: 0 },
    { name: 'Phase', type: 'string', format: '', description: 'Custom resource definition column (in JSONPath format): .status.phase', priority: 0 },
    { name: 'Endpoints', type: 'string', format: '', description: 'Custom resource definition column (in JSONPath format): .status.endpoints', priority: 1 },
    { name: 'Last Failover', type: 'date', format: '', description: 'Custom resource definition column (in JSONPath format): .status.lastFailoverTime', priority: 0 },
    { name: 'Version', type: 'string', format: '', description: 'Custom resource definition column (in JSONPath format): .spec.version', priority: 1 },
  ]);
  // No Age column is appended when the CRD declares its own columns.
  assert.deepEqual(t.rows.map((r) => r.cells), [
    ['cache', 3, 'True', 'Running', '["10.42.0.7:6379","10.42.0.8:6379"]', '50m', '7.2.5'],
    ['empty', null, null, null, null, null, null],
  ]);
});

test('a custom resource without printer columns gets Name and Age', () => {
  const t = buildTable(redisClusters, [cluster], { includeObject: 'Metadata', now, printerColumns: [] });
  assert.deepEqual(t.columnDefinitions.map((c) => [c.name, c.type]), [['Name', 'string'], ['Age', 'date']]);
  assert.deepEqual(t.rows[0]!.cells, ['cache', '3h']);
});

test('an unparseable column path prints null rather than failing the list', () => {
  const t = buildTable(redisClusters, [cluster], { includeObject: 'None', now, printerColumns: [{ name: 'Odd', type: 'string', jsonPath: '..phase' }] });
  assert.deepEqual(t.rows[0]!.cells, ['cache', null]);
});

test('cell values follow the declared column type', () => {
  assert.equal(cellForValue('integer', 2.9, now), 2);
  assert.equal(cellForValue('integer', '3', now), null);
  assert.equal(cellForValue('number', 0.5, now), 0.5);
  assert.equal(cellForValue('boolean', true, now), true);
  assert.equal(cellForValue('boolean', 'true', now), null);
  assert.equal(cellForValue('string', 42, now), '42');
  assert.equal(cellForValue('string', false, now), 'false');
  assert.equal(cellForValue('string', { a: 1 }, now), '{"a":1}');
  assert.equal(cellForValue('date', ago(minutes(3)), now), '3m');
  assert.equal(cellForValue('date', '2025-01-10T11:59:30.5+00:00', now), '29s');
  assert.equal(cellForValue('date', 'yesterday', now), '<invalid>');
  assert.equal(cellForValue('date', '', now), '<unknown>');
  assert.equal(cellForValue('date', 17, now), null);
  assert.equal(cellForValue('string', null, now), null);
});

test('built-ins without a printer, like CRDs, get Name and Created At', () => {
  const crds = resourceInfo('apiextensions.k8s.io', 'customresourcedefinitions', 'CustomResourceDefinition', { namespaced: false });
  const t = buildTable(crds, [
    { metadata: { name: 'redisclusters.redis.ordinal.dev', creationTimestamp: '2025-01-09T08:15:00Z' } },
    { metadata: { name: 'no-timestamp.ordinal.dev' } },
  ], { includeObject: 'None', now });
  assert.deepEqual(t.columnDefinitions.map((c) => [c.name, c.type, c.format]), [['Name', 'string', 'name'], ['Created At', 'date', '']]);
  assert.deepEqual(t.rows.map((r) => r.cells), [
    ['redisclusters.redis.ordinal.dev', '2025-01-09T08:15:00Z'],
    ['no-timestamp.ordinal.dev', '0001-01-01T00:00:00Z'],
  ]);
});
