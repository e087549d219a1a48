import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeCluster } from './fake-cluster.js';
import { summarizeActions } from './format-plan.js';
import { makeSet } from './test-fixtures.js';

describe('scale up', () => {
  it('OrderedReady creates claims before each pod and the next pod only once the previous is Running and Ready', () => {
    const c = new FakeCluster(makeSet());
    const first = c.sync();
    const rev = first.updateRevision;
    assert.deepEqual(summarizeActions(first), [`create revision ${rev} (revision 1)`, `create claim www-web-0, pod web-0 at ${rev}`]);
    assert.deepEqual(c.podNames(), ['web-0']);
    // Pending, then Running but not Ready: nothing more
    const pending = c.sync();
    assert.deepEqual(summarizeActions(pending), []);
    assert.deepEqual(pending.waiting.map((w) => w.reason), ['ClaimNotBound']);
    assert.match(pending.waiting[0]!.message, /www-web-0 \(Pending\)/);
    c.setRunning('web-0', false);
    assert.deepEqual(summarizeActions(c.sync()), []);
    c.setRunning('web-0');
    assert.deepEqual(summarizeActions(c.sync()), [`create claim www-web-1, pod web-1 at ${rev}`]);
    c.setRunning('web-1');
    assert.deepEqual(summarizeActions(c.sync()), [`create claim www-web-2, pod web-2 at ${rev}`]);
    c.setRunning('web-2');
    c.sync();
    assert.deepEqual(c.plan().actions, []);
    assert.equal(c.set['status'].readyReplicas, 3);
    assert.equal(c.set['status'].currentRevision, rev);
    assert.deepEqual(c.events, []);
  });

  it('Parallel creates every missing pod in one sync', () => {
    const c = new FakeCluster(makeSet({ podManagementPolicy: 'Parallel' }));
    const plan = c.sync();
    assert.deepEqual(plan.actions.filter((a) => a.type === 'CreatePod').map((a) => a.pod), ['web-0', 'web-1', 'web-2']);
    assert.equal(plan.monotonic, false);
  });

  it('starts at ordinals.start', () => {
    const c = new FakeCluster(makeSet({ replicas: 2, ordinals: { start: 5 } }));
    c.settle();
    assert.deepEqual(c.podNames(), ['web-5', 'web-6']);
    assert.deepEqual([...c.claims.keys()].sort(), ['www-web-5', 'www-web-6']);
    c.updateSpec({ ordinals: { start: 6 } });
    c.settle();
    assert.deepEqual(c.podNames(), ['web-6', 'web-7']);
    assert.deepEqual(c.deleted, ['web-5']);
  });

  it('does not move past a pod with minReadySeconds left, and asks to be woken when it is available', () => {
    const c = new FakeCluster(makeSet({ minReadySeconds: 10 }));
    c.sync();
    c.setRunning('web-0');
    c.now = new Date(c.now.getTime() + 4000);
    const plan = c.sync();
    assert.deepEqual(summarizeActions(plan), []);
    assert.equal(plan.waiting[0]?.reason, 'PodNotAvailable');
    assert.equal(plan.requeueAfterMs, 6100);
    assert.equal(c.set['status'].readyReplicas, 1);
    assert.equal(c.set['status'].availableReplicas, 0);
    c.now = new Date(c.now.getTime() + 6000);
    assert.deepEqual(summarizeActions(c.sync()).slice(-1), [`create claim www-web-1, pod web-1 at ${plan.updateRevision}`]);
  });
});

describe('finished pods', () => {
  for (const phase of ['Failed', 'Succeeded']) {
    it(`deletes a ${phase} pod and re-creates it with the same name and claims on the next sync`, () => {
      const c = new FakeCluster(makeSet());
      c.settle();
      const claimUid = c.claims.get('www-web-1')!['metadata'].uid;
      c.setPhase('web-1', phase);
      const plan = c.sync();
      assert.deepEqual(summarizeActions(plan), [`delete pod web-1 (${phase})`]);
      assert.deepEqual(plan.waiting.map((w) => w.reason), ['PodFinished']);
      assert.deepEqual(summarizeActions(c.sync()), [`create pod web-1 at ${plan.updateRevision}`]);
      assert.equal(c.claims.get('www-web-1')!['metadata'].uid, claimUid);
    });
  }

  it('in OrderedReady mode nothing after a failed pod proceeds; in Parallel the others do', () => {
    const c = new FakeCluster(makeSet({ replicas: 2 }));
    c.settle();
    c.updateSpec({ replicas: 3 });
    c.setPhase('web-0', 'Failed');
    assert.deepEqual(summarizeActions(c.sync()), ['delete pod web-0 (Failed)']);
    const p = new FakeCluster(makeSet({ replicas: 2, podManagementPolicy: 'Parallel' }));
    p.settle();
    p.updateSpec({ replicas: 3 });
    p.setPhase('web-0', 'Failed');
    assert.deepEqual(summarizeActions(p.sync()), ['delete pod web-0 (Failed)', `create claim www-web-2, pod web-2 at ${p.set['status'].updateRevision}`]);
  });
});

describe('scale down', () => {
  it('OrderedReady deletes the highest ordinal first, one per sync, waiting for it to be gone', () => {
    const c = new FakeCluster(makeSet({ replicas: 4 }));
    c.settle();
    c.graceful = true;
    c.updateSpec({ replicas: 1 });
    assert.deepEqual(summarizeActions(c.sync()), ['delete pod web-3 (ScaleDown)']);
    const waiting = c.sync();
    assert.deepEqual(summarizeActions(waiting), []);
    assert.deepEqual(waiting.waiting.map((w) => `${w.reason} ${w.pod}`), ['PodTerminating web-3']);
    c.finishDeletion('web-3');
    assert.deepEqual(summarizeActions(c.sync()), ['delete pod web-2 (ScaleDown)']);
    c.finishDeletion('web-2');
    assert.deepEqual(summarizeActions(c.sync()), ['delete pod web-1 (ScaleDown)']);
    c.finishDeletion('web-1');
    c.sync();
    assert.deepEqual(c.podNames(), ['web-0']);
    assert.deepEqual([...c.claims.keys()].sort(), ['www-web-0', 'www-web-1', 'www-web-2', 'www-web-3'], 'claims are retained');
    assert.equal(c.set['status'].replicas, 1);
  });

  it('waits for every pod in range to be healthy first', () => {
    const c = new FakeCluster(makeSet());
    c.settle();
    c.updateSpec({ replicas: 1 });
    c.setRunning('web-0', false);
    const plan = c.sync();
    assert.deepEqual(summarizeActions(plan), []);
    assert.deepEqual(plan.waiting.map((w) => w.pod), ['web-0']);
  });

  it('may delete the first unhealthy condemned pod, but waits on an unhealthy one above it', () => {
    const c = new FakeCluster(makeSet({ replicas: 4 }));
    c.settle();
    c.updateSpec({ replicas: 1 });
    c.setRunning('web-2', false);
    assert.deepEqual(summarizeActions(c.sync()), ['delete pod web-3 (ScaleDown)']);
    assert.deepEqual(summarizeActions(c.sync()), ['delete pod web-2 (ScaleDown)'], 'web-2 is the first unhealthy pod');
    const d = new FakeCluster(makeSet({ replicas: 4 }));
    d.settle();
    d.updateSpec({ replicas: 1 });
    d.setRunning('web-1', false);
    d.setRunning('web-3', false);
    const plan = d.sync();
    assert.deepEqual(summarizeActions(plan), [], 'web-3 is unhealthy but web-1 is the first unhealthy pod');
    assert.equal(plan.waiting[0]?.pod, 'web-3');
  });

  it('Parallel deletes every condemned pod at once', () => {
    const c = new FakeCluster(makeSet({ replicas: 4, podManagementPolicy: 'Parallel' }));
    c.settle();
    c.graceful = true;
    c.updateSpec({ replicas: 1 });
    assert.deepEqual(summarizeActions(c.sync()), ['delete pod web-3 (ScaleDown)', 'delete pod web-2 (ScaleDown)', 'delete pod web-1 (ScaleDown)']);
    assert.deepEqual(summarizeActions(c.sync()), []);
  });

  it('scale up after scale down reuses the retained claims', () => {
    const c = new FakeCluster(makeSet());
    c.settle();
    const uids = [...c.claims.values()].map((cl) => cl['metadata'].uid);
    c.updateSpec({ replicas: 1 });
    c.settle();
    c.updateSpec({ replicas: 3 });
    c.settle();
    assert.deepEqual(c.podNames(), ['web-0', 'web-1', 'web-2']);
    assert.deepEqual([...c.claims.values()].map((cl) => cl['metadata'].uid), uids);
  });
});
