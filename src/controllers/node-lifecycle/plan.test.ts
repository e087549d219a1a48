import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { planNode, type ObservedNode } from './plan.js';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const timing = { gracePeriodMs: 40_000, startupGracePeriodMs: 60_000 };

function node(ready: string | undefined, heartbeatMs: number, extra: KubeObject = {}): KubeObject {
  const conditions = ready === undefined ? [] : [
    { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: iso(heartbeatMs), lastTransitionTime: iso(t0), reason: 'KubeletHasSufficientMemory', message: 'ok' },
    { type: 'Ready', status: ready, lastHeartbeatTime: iso(heartbeatMs), lastTransitionTime: iso(t0), reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  ];
  return { metadata: { name: 'node-2', creationTimestamp: iso(t0), resourceVersion: '7' }, spec: extra['spec'] ?? {}, status: { conditions } };
}

const lease = (renewMs: number): KubeObject => ({ metadata: { name: 'node-2', namespace: 'kube-node-lease' }, spec: { renewTime: new Date(renewMs).toISOString() } });
const pod = (name: string, ready: string): KubeObject => ({ metadata: { namespace: 'db', name, uid: `uid-${name}`, resourceVersion: '3' }, spec: { nodeName: 'node-2' }, status: { conditions: [{ type: 'Ready', status: ready }] } });

function observe(n: KubeObject, more: Partial<ObservedNode> = {}): ObservedNode {
  return { node: n, lease: undefined, pods: [], firstSeenMs: t0, evictionSuspended: false, ...more };
}

describe('node lifecycle plan', () => {
  it('leaves a node that posts status alone and says when it would go silent', () => {
    const plan = planNode(observe(node('True', t0 + 30_000)), t0 + 35_000, timing);
    assert.deepEqual(plan, { actions: [], silentInMs: 35_000 });
  });

  it('a renewed Lease counts as a sign of life even when status is old', () => {
    const plan = planNode(observe(node('True', t0), { lease: lease(t0 + 50_000) }), t0 + 60_000, timing);
    assert.deepEqual(plan.actions, []);
  });

  it('a silent node goes Unknown, gets the unreachable taints, an event, and its ready pods are marked not ready', () => {
    const now = t0 + 41_000;
    const plan = planNode(observe(node('True', t0), { lease: lease(t0), pods: [pod('a', 'True'), pod('b', 'False')] }), now, timing);
    assert.deepEqual(plan.actions.map((a) => a.type), ['SetNodeConditions', 'RecordNodeEvent', 'SetNodeTaints', 'MarkPodNotReady']);
    const [set, event, taints, mark] = plan.actions;
    assert.ok(set?.type === 'SetNodeConditions');
    const byType = Object.fromEntries(set.conditions.map((c) => [c['type'], c]));
    assert.deepEqual(byType['Ready'], { type: 'Ready', status: 'Unknown', lastHeartbeatTime: iso(t0), lastTransitionTime: iso(now), reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    assert.equal(byType['MemoryPressure']?.['reason'], 'NodeStatusUnknown');
    assert.equal(byType['DiskPressure']?.['reason'], 'NodeStatusNeverUpdated', 'a condition never posted is added as never updated');
    assert.equal(byType['PIDPressure']?.['status'], 'Unknown');
    assert.deepEqual(event, { type: 'RecordNodeEvent', reason: 'NodeNotReady', message: 'Node node-2 status is now: NodeNotReady' });
    assert.deepEqual(taints, {
      type: 'SetNodeTaints',
      taints: [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: iso(now) },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(now) },
      ],
    });
    assert.deepEqual(mark, { type: 'MarkPodNotReady', namespace: 'db', name: 'a', uid: 'uid-a', resourceVersion: '3' });
  });

  it('a node already Unknown with its taints only marks newly ready pods, without another event', () => {
    const n = node('Unknown', t0, { spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: iso(t0) }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(t0) }] } });
    n['status'].conditions.push(...['DiskPressure', 'PIDPressure'].map((type) => ({ type, status: 'Unknown' })));
    n['status'].conditions[0].status = 'Unknown';
    const plan = planNode(observe(n, { pods: [pod('late', 'True')] }), t0 + 100_000, timing);
    assert.deepEqual(plan.actions.map((a) => a.type), ['MarkPodNotReady']);
  });

  it('Ready False from the kubelet swaps in the not-ready taints; user taints stay', () => {
    const user = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    const n = node('False', t0 + 10_000, { spec: { taints: [user, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(t0) }] } });
    const plan = planNode(observe(n), t0 + 12_000, timing);
    assert.deepEqual(plan.actions, [{
      type: 'SetNodeTaints',
      taints: [user, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: iso(t0 + 12_000) }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: iso(t0 + 12_000) }],
    }]);
  });

  it('Ready True again removes our taints but keeps out-of-service and the user ones', () => {
    const oos = { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' };
    const n = node('True', t0 + 100_000, { spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, oos, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } });
    assert.deepEqual(planNode(observe(n), t0 + 101_000, timing).actions, [{ type: 'SetNodeTaints', taints: [oos] }]);
  });

  it('a cordoned node carries the unschedulable taint', () => {
    const plan = planNode(observe(node('True', t0, { spec: { unschedulable: true } })), t0 + 1000, timing);
    assert.deepEqual(plan.actions, [{ type: 'SetNodeTaints', taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: iso(t0 + 1000) }] }]);
  });

  it('when the whole zone is down, NoExecute taints are withheld (nothing is evicted)', () => {
    const plan = planNode(observe(node('True', t0), { evictionSuspended: true }), t0 + 41_000, timing);
    const taints = plan.actions.find((a) => a.type === 'SetNodeTaints');
    assert.deepEqual(taints?.type === 'SetNodeTaints' && taints.taints.map((t) => t.effect), ['NoSchedule']);
  });

  it('a controller that starts late gives every node a full grace period', () => {
    const plan = planNode(observe(node('True', t0), { firstSeenMs: t0 + 300_000 }), t0 + 310_000, timing);
    assert.deepEqual(plan, { actions: [], silentInMs: 30_000 });
  });

  it('a node that never posted status goes Unknown after the startup grace period', () => {
    assert.deepEqual(planNode(observe(node(undefined, t0)), t0 + 59_000, timing), { actions: [], silentInMs: 1000 });
    const plan = planNode(observe(node(undefined, t0)), t0 + 61_000, timing);
    const set = plan.actions[0];
    assert.ok(set?.type === 'SetNodeConditions');
    assert.deepEqual(set.conditions.map((c) => [c['type'], c['status'], c['reason']]), [
      ['Ready', 'Unknown', 'NodeStatusNeverUpdated'], ['MemoryPressure', 'Unknown', 'NodeStatusNeverUpdated'], ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated'], ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated'],
    ]);
    assert.ok(!plan.actions.some((a) => a.type === 'RecordNodeEvent'), 'no NodeNotReady event: it was never Ready');
  });
});
