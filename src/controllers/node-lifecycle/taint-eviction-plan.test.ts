import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { planTaintEviction } from './taint-eviction-plan.js';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(t0) };
const oos = { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' };

const nodeWith = (...taints: KubeObject[]): KubeObject => ({ metadata: { name: 'node-2' }, spec: { taints } });
const pod = (tolerations: KubeObject[] = [], extra: KubeObject = {}): KubeObject => ({ metadata: { namespace: 'db', name: 'p', ...extra }, spec: { nodeName: 'node-2', tolerations } });
const startOf = (t: KubeObject): number => (t['timeAdded'] ? Date.parse(t['timeAdded']) : t0 + 5000);
const defaults = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

describe('taint eviction plan', () => {
  it('keeps pods on nodes without NoExecute taints', () => {
    assert.deepEqual(planTaintEviction(pod(), nodeWith({ key: 'x', effect: 'NoSchedule' }), t0, startOf), { type: 'Keep' });
    assert.deepEqual(planTaintEviction(pod(), undefined, t0, startOf), { type: 'Keep' });
  });

  it('evicts at once a pod that does not tolerate a NoExecute taint', () => {
    assert.deepEqual(planTaintEviction(pod(), nodeWith(unreachable), t0, startOf), { type: 'Evict', taints: ['node.kubernetes.io/unreachable:NoExecute'] });
    assert.deepEqual(planTaintEviction(pod(defaults), nodeWith(unreachable, oos), t0, startOf), { type: 'Evict', taints: ['node.kubernetes.io/out-of-service=nodeshutdown:NoExecute'] });
  });

  it('waits for tolerationSeconds counted from when the taint was added', () => {
    assert.deepEqual(planTaintEviction(pod(defaults), nodeWith(unreachable), t0 + 1000, startOf), { type: 'EvictAt', atMs: t0 + 300_000 });
    assert.equal(planTaintEviction(pod(defaults), nodeWith(unreachable), t0 + 300_000, startOf).type, 'Evict');
  });

  it('uses the smallest matching tolerationSeconds; a taint without timeAdded counts from when first seen', () => {
    const short = { key: 'node.kubernetes.io/out-of-service', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
    assert.deepEqual(planTaintEviction(pod([...defaults, short]), nodeWith(unreachable, oos), t0, startOf), { type: 'EvictAt', atMs: t0 + 15_000 });
  });

  it('a toleration without tolerationSeconds keeps the pod forever; a negative one evicts at once', () => {
    assert.deepEqual(planTaintEviction(pod([{ operator: 'Exists' }]), nodeWith(unreachable, oos), t0 + 10 ** 9, startOf), { type: 'Keep' });
    const negative = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -5 }];
    assert.equal(planTaintEviction(pod(negative), nodeWith(unreachable), t0, startOf).type, 'Evict');
  });

  it('a NoSchedule toleration does not help against NoExecute', () => {
    const wrongEffect = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }];
    assert.equal(planTaintEviction(pod(wrongEffect), nodeWith(unreachable), t0, startOf).type, 'Evict');
  });

  it('leaves terminating and unbound pods alone', () => {
    assert.deepEqual(planTaintEviction(pod([], { deletionTimestamp: iso(t0) }), nodeWith(unreachable), t0, startOf), { type: 'Keep' });
    assert.deepEqual(planTaintEviction({ metadata: {}, spec: {} }, nodeWith(unreachable), t0, startOf), { type: 'Keep' });
  });
});
