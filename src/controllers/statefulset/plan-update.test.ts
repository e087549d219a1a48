import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeCluster } from './fake-cluster.js';
import { summarizeActions } from './format-plan.js';
import { makeSet } from './test-fixtures.js';

function settled(spec: Record<string, unknown> = {}): { c: FakeCluster; rev1: string } {
  const c = new FakeCluster(makeSet(spec));
  c.settle();
  return { c, rev1: c.set['status'].currentRevision };
}

describe('RollingUpdate', () => {
  it('replaces pods from the highest ordinal down, one at a time, waiting for each to be Ready', () => {
    const { c, rev1 } = settled();
    c.setImage('nginx:2');
    const first = c.sync();
    const rev2 = first.updateRevision;
    assert.notEqual(rev2, rev1);
    assert.deepEqual(summarizeActions(first), [`create revision ${rev2} (revision 2)`, 'delete pod web-2 (Update)']);
    assert.deepEqual(summarizeActions(c.sync()), [`create pod web-2 at ${rev2}`]);
    const waiting = c.sync();
    assert.deepEqual(summarizeActions(waiting), [], 'web-2 is not Ready yet: nothing else is touched');
    c.setRunning('web-2');
    assert.deepEqual(summarizeActions(c.sync()), ['delete pod web-1 (Update)']);
    c.settle();
    assert.deepEqual(c.deleted, ['web-2', 'web-1', 'web-0']);
    assert.deepEqual(c.podNames().map((n) => c.revisionOf(n)), [rev2, rev2, rev2]);
    assert.equal(c.pods.get('web-0')!['spec'].containers[0].image, 'nginx:2');
    assert.equal(c.set['status'].currentRevision, rev2);
    assert.equal(c.set['status'].updatedReplicas, 3);
    assert.equal(c.set['status'].currentReplicas, 3);
  });

  it('keeps the current revision until every pod is updated and ready', () => {
    const { c, rev1 } = settled();
    c.setImage('nginx:2');
    c.sync();
    assert.equal(c.set['status'].currentRevision, rev1);
    assert.equal(c.set['status'].currentReplicas, 2, 'web-2 is being replaced');
  });

  it('waits while any pod is unavailable, even one below the pod to update', () => {
    const { c } = settled();
    c.setRunning('web-0', false);
    c.setImage('nginx:2');
    const plan = c.sync();
    assert.deepEqual(summarizeActions(plan).filter((s) => s.startsWith('delete')), []);
  });

  it('never goes below the partition, and pods below it are re-created at the current revision', () => {
    const { c, rev1 } = settled({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } });
    c.setImage('nginx:2');
    c.settle();
    const rev2 = c.set['status'].updateRevision;
    assert.deepEqual(c.deleted, ['web-2', 'web-1']);
    assert.deepEqual(c.podNames().map((n) => c.revisionOf(n)), [rev1, rev2, rev2]);
    assert.equal(c.set['status'].currentRevision, rev1, 'the update is not complete below the partition');
    c.deletePod('web-0');
    c.settle();
    assert.equal(c.revisionOf('web-0'), rev1);
    assert.equal(c.pods.get('web-0')!['spec'].containers[0].image, 'nginx:1');
    c.updateSpec({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } });
    c.settle();
    assert.equal(c.revisionOf('web-0'), rev2);
    assert.equal(c.set['status'].currentRevision, rev2);
  });

  it('with maxUnavailable 2 replaces two pods at a time', () => {
    const { c } = settled({ replicas: 4, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } });
    c.setImage('nginx:2');
    assert.deepEqual(summarizeActions(c.sync()).slice(1), ['delete pod web-3 (Update)', 'delete pod web-2 (Update)']);
  });

  it('scales down before it updates', () => {
    const { c } = settled();
    c.updateSpec({ replicas: 2 });
    c.setImage('nginx:2');
    assert.deepEqual(summarizeActions(c.sync()).slice(1), ['delete pod web-2 (ScaleDown)']);
  });
});

describe('OnDelete', () => {
  it('never deletes for an update; a pod deleted by someone else comes back at the update revision', () => {
    const { c, rev1 } = settled({ updateStrategy: { type: 'OnDelete' } });
    c.setImage('nginx:2');
    const plan = c.sync();
    const rev2 = plan.updateRevision;
    assert.deepEqual(summarizeActions(plan), [`create revision ${rev2} (revision 2)`]);
    c.settle();
    assert.deepEqual(c.deleted, []);
    c.deletePod('web-1');
    c.settle();
    assert.deepEqual(c.podNames().map((n) => c.revisionOf(n)), [rev1, rev2, rev1]);
    assert.equal(c.set['status'].updatedReplicas, 1);
    assert.equal(c.set['status'].currentReplicas, 2);
  });
});
