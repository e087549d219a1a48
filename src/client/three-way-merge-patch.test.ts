import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json-types.js';
import { isSatisfiedBy, lastAppliedAnnotation, readLastApplied, threeWayMergePatch, withLastApplied } from './three-way-merge-patch.js';

const sts = (replicas: number, extra: JsonObject = {}): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'redis', namespace: 'default' },
  spec: {
    replicas,
    serviceName: 'redis',
    selector: { matchLabels: { app: 'redis' } },
    template: { metadata: { labels: { app: 'redis' } }, spec: { containers: [{ name: 'redis', image: 'redis:7', ports: [{ containerPort: 6379 }] }] } },
    ...extra,
  },
});

/** What the server would hold after creating `applied`: defaults and status added. */
function liveOf(applied: JsonObject): JsonObject {
  const live = JSON.parse(JSON.stringify(applied)) as JsonObject & { metadata: JsonObject; spec: JsonObject & { template: { spec: { containers: JsonObject[] } } } };
  live.metadata = { ...live.metadata, uid: 'u1', resourceVersion: '7', creationTimestamp: '2025-01-01T00:00:00Z' };
  live.spec.podManagementPolicy = 'OrderedReady';
  for (const c of live.spec.template.spec.containers) {
    c['imagePullPolicy'] = 'IfNotPresent';
    c['terminationMessagePath'] = '/dev/termination-log';
    (c['ports'] as JsonObject[]).forEach((p) => (p['protocol'] = 'TCP'));
  }
  live['status'] = { replicas: 0 };
  return live;
}

describe('threeWayMergePatch', () => {
  it('is empty when the live object already holds the manifest (defaults do not count)', () => {
    const applied = withLastApplied(sts(2));
    const live = liveOf(applied);
    assert.deepEqual(threeWayMergePatch(readLastApplied(live), withLastApplied(sts(2)), live), {});
  });

  it('sets changed fields and the new last-applied annotation only', () => {
    const live = liveOf(withLastApplied(sts(2)));
    const modified = withLastApplied(sts(3));
    const patch = threeWayMergePatch(readLastApplied(live), modified, live);
    assert.deepEqual(patch, {
      metadata: { annotations: { [lastAppliedAnnotation]: (modified['metadata'] as { annotations: Record<string, string> }).annotations[lastAppliedAnnotation]! } },
      spec: { replicas: 3 },
    });
  });

  it('deletes fields removed from the manifest since the last apply, keeps fields others set', () => {
    const original: JsonObject = { metadata: { name: 'a', labels: { app: 'x', tier: 'db' } }, spec: { a: 1, b: 2 } };
    const modified: JsonObject = { metadata: { name: 'a', labels: { app: 'x' } }, spec: { a: 1 } };
    const current: JsonObject = { metadata: { name: 'a', labels: { app: 'x', tier: 'db', added: 'by-someone' } }, spec: { a: 1, b: 2, c: 3 } };
    assert.deepEqual(threeWayMergePatch(original, modified, current), { metadata: { labels: { tier: null } }, spec: { b: null } });
  });

  it('replaces a list the user changed, whole', () => {
    const original: JsonObject = { spec: { args: ['a', 'b'], containers: [{ name: 'c', env: [{ name: 'X', value: '1' }] }] } };
    const modified: JsonObject = { spec: { args: ['a', 'b'], containers: [{ name: 'c' }] } };
    const current: JsonObject = { spec: { args: ['a', 'b'], containers: [{ name: 'c', env: [{ name: 'X', value: '1' }], imagePullPolicy: 'Always' }] } };
    assert.deepEqual(threeWayMergePatch(original, modified, current), { spec: { containers: [{ name: 'c' }] } });
  });

  it('puts back a list that drifted from what was applied', () => {
    const original: JsonObject = { spec: { ports: [{ port: 1 }] } };
    const current: JsonObject = { spec: { ports: [{ port: 2, protocol: 'TCP' }] } };
    assert.deepEqual(threeWayMergePatch(original, original, current), { spec: { ports: [{ port: 1 }] } });
  });

  it('works without a last-applied configuration (a first apply to an existing object)', () => {
    const current: JsonObject = { metadata: { name: 'a' }, spec: { a: 1, keep: true } };
    assert.deepEqual(threeWayMergePatch(undefined, { metadata: { name: 'a' }, spec: { a: 2 } }, current), { spec: { a: 2 } });
  });

  it('adds whole maps the live object lacks, and nulls in the manifest delete', () => {
    const current: JsonObject = { spec: { a: 1, gone: 'x' } };
    assert.deepEqual(threeWayMergePatch(undefined, { spec: { a: 1, gone: null, sel: { m: { k: 'v', n: null } } } }, current), { spec: { gone: null, sel: { m: { k: 'v' } } } });
  });

  it('replaces a value whose type changed', () => {
    assert.deepEqual(threeWayMergePatch({ a: { b: 1 } }, { a: 'str' }, { a: { b: 1 } }), { a: 'str' });
    assert.deepEqual(threeWayMergePatch({ a: 'str' }, { a: { b: 1 } }, { a: 'str' }), { a: { b: 1 } });
  });
});

describe('isSatisfiedBy', () => {
  it('accepts extra fields, not missing or different ones', () => {
    assert.equal(isSatisfiedBy({ a: [{ b: 1 }] }, { a: [{ b: 1, c: 2 }], d: 3 }), true);
    assert.equal(isSatisfiedBy({ a: [{ b: 1 }] }, { a: [{ b: 1 }, { b: 2 }] }), false);
    assert.equal(isSatisfiedBy({ a: 1 }, { a: '1' }), false);
    assert.equal(isSatisfiedBy({ a: null }, {}), true);
  });
});

describe('withLastApplied', () => {
  it('records the manifest as sorted-key JSON plus newline, without a previous annotation, and leaves the input alone', () => {
    const manifest: JsonObject = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', annotations: { [lastAppliedAnnotation]: 'old', keep: 'y' } }, data: { b: '2', a: '1' } };
    const out = withLastApplied(manifest);
    const text = (out['metadata'] as { annotations: Record<string, string> }).annotations[lastAppliedAnnotation];
    assert.equal(text, '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{"keep":"y"},"name":"c"}}\n');
    assert.equal((manifest['metadata'] as { annotations: Record<string, string> }).annotations[lastAppliedAnnotation], 'old');
    assert.deepEqual(readLastApplied(out), { apiVersion: 'v1', data: { a: '1', b: '2' }, kind: 'ConfigMap', metadata: { annotations: { keep: 'y' }, name: 'c' } });
  });

  it('drops an annotations map that only held the old record', () => {
    const out = withLastApplied({ metadata: { name: 'c', annotations: { [lastAppliedAnnotation]: 'x' } } });
    assert.equal((out['metadata'] as { annotations: Record<string, string> }).annotations[lastAppliedAnnotation], '{"metadata":{"name":"c"}}\n');
  });

  it('reads nothing from a broken annotation', () => {
    assert.equal(readLastApplied({ metadata: { annotations: { [lastAppliedAnnotation]: '{nope' } } }), undefined);
    assert.equal(readLastApplied({ metadata: {} }), undefined);
  });
});
