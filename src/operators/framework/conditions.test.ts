import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCondition, isReady, readyCondition, setCondition, setConditions } from './conditions.js';

const t0 = new Date('2025-01-01T00:00:00Z');
const t1 = new Date('2025-01-01T00:01:00Z');

describe('setCondition', () => {
  it('keeps lastTransitionTime while the status is unchanged, takes the new reason and message', () => {
    const a = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'WaitingForPods', message: '0/6 pods ready' }, t0, 1);
    const b = setCondition(a, { type: 'Ready', status: 'False', reason: 'Bootstrapping', message: 'assigning slots' }, t1, 2);
    assert.deepEqual(b, [{ type: 'Ready', status: 'False', reason: 'Bootstrapping', message: 'assigning slots', lastTransitionTime: t0.toISOString(), observedGeneration: 2 }]);
    assert.equal(a[0]!.reason, 'WaitingForPods', 'the input is not changed');
  });

  it('moves lastTransitionTime when the status changes, and appends new types', () => {
    const a = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'X', message: 'x' }, t0);
    const b = setConditions(a, readyCondition.ready(), t1);
    assert.equal(findCondition(b, 'Ready')!.lastTransitionTime, t1.toISOString());
    assert.deepEqual(b.map((c) => c.type), ['Ready', 'Progressing', 'Degraded']);
    assert.equal(isReady({ conditions: b }), true);
    assert.equal(isReady({ conditions: a }), false);
  });
});

describe('readyCondition', () => {
  it('progressing says what it waits for in Ready and Progressing', () => {
    const c = readyCondition.progressing('WaitingForPods', 'waiting for 3/6 pods to be Running');
    assert.deepEqual(c.map((x) => `${x.type}=${x.status}:${x.reason}`), ['Ready=False:WaitingForPods', 'Progressing=True:WaitingForPods', 'Degraded=False:Healthy']);
    const still = readyCondition.progressing('ScalingOut', 'moving slots', { stillReady: true });
    assert.equal(still[0]!.status, 'True');
  });

  it('degraded sets Degraded True', () => {
    const c = readyCondition.degraded('ReplicaLinkDown', 'rc-4 has no link to its master', { stillReady: true });
    assert.deepEqual(c.map((x) => x.status), ['True', 'False', 'True']);
  });
});
