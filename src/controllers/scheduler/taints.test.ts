import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNodeInfo } from './snapshot.js';
import { countIntolerablePreferNoSchedule, filterTaints, filterUnschedulable, toleratesTaint } from './taints.js';
import { node, pod } from './test-fixtures.js';

describe('taints and tolerations', () => {
  it('matches tolerations by key, operator, value and effect', () => {
    const taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    assert.ok(toleratesTaint({ key: 'dedicated', value: 'db', effect: 'NoSchedule' }, taint));
    assert.ok(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'db' }, taint), 'empty effect matches every effect');
    assert.ok(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint));
    assert.ok(toleratesTaint({ operator: 'Exists' }, taint), 'empty key with Exists tolerates everything');
    assert.ok(!toleratesTaint({ key: 'dedicated', value: 'web' }, taint));
    assert.ok(!toleratesTaint({ key: 'dedicated', value: 'db', effect: 'NoExecute' }, taint));
    assert.ok(!toleratesTaint({ key: 'other', operator: 'Exists' }, taint));
    assert.ok(!toleratesTaint({ value: 'db' }, taint), 'empty key needs Exists');
  });

  it('rejects nodes with an untolerated NoSchedule or NoExecute taint, kube-style', () => {
    const n = buildNodeInfo(node('n1', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }), []);
    assert.deepEqual(filterTaints(pod('p'), n), ['node(s) had untolerated taint {dedicated: db}']);
    assert.equal(filterTaints(pod('p', { spec: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] } }), n), undefined);
    const soft = buildNodeInfo(node('n2', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }), []);
    assert.equal(filterTaints(pod('p'), soft), undefined);
    assert.equal(countIntolerablePreferNoSchedule(pod('p'), soft), 1);
  });

  it('treats a node that is not Ready as tainted not-ready / unreachable', () => {
    const notReady = buildNodeInfo(node('n1', { ready: 'False' }), []);
    assert.deepEqual(filterTaints(pod('p'), notReady), ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }']);
    const unknown = buildNodeInfo(node('n1', { ready: 'Unknown' }), []);
    assert.deepEqual(filterTaints(pod('p'), unknown), ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }']);
    const daemon = pod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] } });
    assert.equal(filterTaints(daemon, notReady), undefined);
  });

  it('keeps pods off cordoned nodes unless they tolerate node.kubernetes.io/unschedulable', () => {
    const cordoned = buildNodeInfo(node('n1', { unschedulable: true }), []);
    assert.deepEqual(filterUnschedulable(pod('p'), cordoned), ['node(s) were unschedulable']);
    const tolerant = pod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    assert.equal(filterUnschedulable(tolerant, cordoned), undefined);
    assert.equal(filterUnschedulable(pod('p'), buildNodeInfo(node('n2'), [])), undefined);
  });
});
