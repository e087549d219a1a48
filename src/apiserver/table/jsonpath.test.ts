import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluateJsonPath, JsonPathError, parseJsonPath } from './jsonpath.js';

const cluster = {
  metadata: { name: 'cache', labels: { 'app.kubernetes.io/name': 'redis' }, creationTimestamp: '2025-01-10T11:00:00Z' },
  spec: { replicas: 3, shards: [{ name: 'a', slots: 5461 }, { name: 'b', slots: 5462 }, { name: 'c', slots: 5461 }] },
  status: {
    conditions: [
      { type: 'Available', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'SlotsMissing' },
    ],
  },
};

function find(path: string): unknown[] {
  return evaluateJsonPath(parseJsonPath(path), cluster);
}

test('dot paths, indices and slices', () => {
  assert.deepEqual(find('.spec.replicas'), [3]);
  assert.deepEqual(find('{.spec.replicas}'), [3]);
  assert.deepEqual(find('$.metadata.name'), ['cache']);
  assert.deepEqual(find('.spec.shards[1].name'), ['b']);
  assert.deepEqual(find('.spec.shards[-1].slots'), [5461]);
  assert.deepEqual(find('.spec.shards[0:2].name'), ['a', 'b']);
  assert.deepEqual(find('.spec.shards[*].name'), ['a', 'b', 'c']);
  assert.deepEqual(find('.spec.shards[7].name'), []);
  assert.deepEqual(find('.spec.missing.deeper'), []);
});

test('escaped dots and bracketed keys reach label keys', () => {
  assert.deepEqual(find('.metadata.labels.app\\.kubernetes\\.io/name'), ['redis']);
  assert.deepEqual(find(".metadata.labels['app.kubernetes.io/name']"), ['redis']);
});

test('filters select array items by a field', () => {
  assert.deepEqual(find('.status.conditions[?(@.type=="Ready")].status'), ['False']);
  assert.deepEqual(find(".status.conditions[?(@.type == 'Available')].status"), ['True']);
  assert.deepEqual(find('.status.conditions[?(@.type!="Ready")].type'), ['Available']);
  assert.deepEqual(find('.status.conditions[?(@.reason)].type'), ['Ready']);
  assert.deepEqual(find('.spec.shards[?(@.slots>5461)].name'), ['b']);
  assert.deepEqual(find('.status.conditions[?(@.type=="Gone")].status'), []);
});

test('unsupported syntax fails loudly', () => {
  assert.throws(() => parseJsonPath('..name'), JsonPathError);
  assert.throws(() => parseJsonPath('.spec.shards[0,1]'), JsonPathError);
  assert.throws(() => parseJsonPath('spec.replicas'), JsonPathError);
  assert.throws(() => parseJsonPath('.spec.shards[0'), JsonPathError);
});
