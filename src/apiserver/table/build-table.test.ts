import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTable } from './build-table.js';
import { ago, minutes, now, resourceInfo } from './fixtures.js';

const configMaps = resourceInfo('', 'configmaps', 'ConfigMap');
const metadata = { name: 'redis-conf', namespace: 'default', uid: 'u-1', resourceVersion: '1207', creationTimestamp: ago(minutes(1)), labels: { app: 'redis' } };
const stored = { metadata, data: { 'redis.conf': 'appendonly yes' } };

test('the Table envelope carries the list metadata', () => {
  const t = buildTable(configMaps, [stored], { includeObject: 'Metadata', now, listMeta: { resourceVersion: '1300', continue: 'eyJ2IjoxfQ', remainingItemCount: 4 } });
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(t.metadata, { resourceVersion: '1300', continue: 'eyJ2IjoxfQ', remainingItemCount: 4 });
  assert.deepEqual(buildTable(configMaps, [], { includeObject: 'Metadata', now }).metadata, {});
  assert.deepEqual(buildTable(configMaps, [], { includeObject: 'Metadata', now, listMeta: { resourceVersion: '9' } }), {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '9' },
    columnDefinitions: t.columnDefinitions,
    rows: [],
  });
});

test('includeObject=Metadata wraps metadata in PartialObjectMetadata', () => {
  const [row] = buildTable(configMaps, [stored], { includeObject: 'Metadata', now }).rows;
  assert.deepEqual(row, { cells: ['redis-conf', 1, '60s'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata } });
});

test('includeObject=Object embeds the whole object with its kind', () => {
  const [row] = buildTable(configMaps, [stored], { includeObject: 'Object', now }).rows;
  assert.deepEqual(row?.object, { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { 'redis.conf': 'appendonly yes' } });
  const sts = buildTable(resourceInfo('apps', 'statefulsets', 'StatefulSet'), [{ metadata }], { includeObject: 'Object', now }).rows[0]?.object;
  assert.equal(sts?.['apiVersion'], 'apps/v1');
});

test('includeObject=None leaves rows without objects', () => {
  const [row] = buildTable(configMaps, [stored], { includeObject: 'None', now }).rows;
  assert.deepEqual(Object.keys(row!), ['cells']);
});

test('the table is plain JSON and column definitions are not shared between tables', () => {
  const a = buildTable(configMaps, [stored], { includeObject: 'Metadata', now });
  a.columnDefinitions[0]!.name = 'changed';
  assert.equal(buildTable(configMaps, [], { includeObject: 'Metadata', now }).columnDefinitions[0]!.name, 'Name');
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
  const asRecord: Record<string, unknown> = a;
  assert.ok(asRecord);
});
