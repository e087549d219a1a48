import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeCluster } from './fake-cluster.js';
import { summarizeActions } from './format-plan.js';
import { resolveRevisions, revisionData, revisionHash, templateOf } from './revisions.js';
import { makeRevision, makeSet } from './test-fixtures.js';

describe('ControllerRevisions', () => {
  it('names a revision <set>-<hash of the template>, labels it and owns it', () => {
    const set = makeSet();
    const plan = new FakeCluster(set).plan();
    const create = plan.actions.find((a) => a.type === 'CreateRevision');
    assert.ok(create && create.type === 'CreateRevision');
    const hash = revisionHash(revisionData(set), 0);
    assert.equal(create.revision, `web-${hash}`);
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(create.object['revision'], 1);
    assert.deepEqual(create.object['metadata'].labels, { app: 'web', 'controller.kubernetes.io/hash': hash });
    assert.equal(create.object['metadata'].ownerReferences[0].uid, 'uid-web');
    assert.equal(create.object['data'].spec.template.$patch, 'replace');
    assert.deepEqual(templateOf(create.object), set['spec'].template);
  });

  it('the same template always gives the same name; another template another', () => {
    const a = makeSet();
    const b = makeSet();
    b['spec'].template.spec.containers[0].image = 'nginx:2';
    assert.equal(revisionHash(revisionData(a), 0), revisionHash(revisionData(makeSet()), 0), 'stable');
    assert.notEqual(revisionHash(revisionData(a), 0), revisionHash(revisionData(b), 0));
    assert.notEqual(revisionHash(revisionData(a), 0), revisionHash(revisionData(a), 1));
  });

  it('a rollback to an identical template reuses the old revision and gives it the next number', () => {
    const c = new FakeCluster(makeSet());
    c.settle();
    const rev1 = c.set['status'].currentRevision;
    c.setImage('nginx:2');
    c.settle();
    const rev2 = c.set['status'].currentRevision;
    c.setImage('nginx:1');
    const plan = c.sync();
    assert.equal(plan.updateRevision, rev1);
    assert.deepEqual(summarizeActions(plan), [`reuse revision ${rev1} (revision 1 -> 3)`, 'delete pod web-2 (Update)']);
    c.settle();
    assert.deepEqual([...c.revisions.values()].map((r) => [r['metadata'].name, r['revision']]).sort(), [[rev1, 3], [rev2, 2]].sort());
    assert.equal(c.set['status'].currentRevision, rev1);
    assert.deepEqual(c.podNames().map((n) => c.revisionOf(n)), [rev1, rev1, rev1]);
  });

  it('an unchanged template keeps the latest revision (no new revision, no new number)', () => {
    const c = new FakeCluster(makeSet());
    c.settle();
    c.updateSpec({ replicas: 4 });
    const plan = c.plan();
    assert.equal(plan.actions.filter((a) => a.type.includes('Revision')).length, 0);
  });

  it('counts a collision when the name is taken by other content, and hashes again', () => {
    const set = makeSet();
    const squatter = makeRevision(set);
    squatter['data'] = { spec: { template: { other: true } } };
    squatter['metadata'].ownerReferences = [];
    const r = resolveRevisions(set, [], [squatter]);
    assert.equal(r.collisionCount, 1);
    assert.equal(r.update['metadata'].name, `web-${revisionHash(revisionData(set), 1)}`);
    const c = new FakeCluster(set);
    c.revisions.set(squatter['metadata'].name, { ...squatter, metadata: { ...squatter['metadata'], labels: { other: 'x' } } });
    c.sync();
    assert.equal(c.set['status'].collisionCount, 1);
  });

  it('trims history beyond revisionHistoryLimit, oldest first, never a live revision', () => {
    const c = new FakeCluster(makeSet({ revisionHistoryLimit: 1, updateStrategy: { type: 'OnDelete' } }));
    c.settle();
    const rev1 = c.set['status'].currentRevision;
    for (const image of ['nginx:2', 'nginx:3', 'nginx:4']) {
      c.setImage(image);
      c.settle();
    }
    // OnDelete: every pod still wears rev1, which is also the current revision: it stays.
    const names = [...c.revisions.values()].sort((a, b) => a['revision'] - b['revision']).map((r) => r['revision']);
    assert.deepEqual(names, [1, 3, 4], 'revision 2 is trimmed; 3 is the one allowed history entry');
    assert.ok(c.revisions.has(rev1));
    c.deletePod('web-0');
    c.deletePod('web-1');
    c.deletePod('web-2');
    c.updateSpec({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } });
    c.settle();
    c.settle();
    assert.deepEqual([...c.revisions.values()].map((r) => r['revision']).sort(), [3, 4], 'rev1 is no longer live');
  });

  it('adopts an orphan revision that matches the selector', () => {
    const set = makeSet();
    const orphan = makeRevision(set);
    orphan['metadata'].ownerReferences = [];
    const c = new FakeCluster(set);
    c.revisions.set(orphan['metadata'].name, orphan);
    const plan = c.plan();
    assert.deepEqual(summarizeActions(plan).slice(0, 2), [`adopt revision ${orphan['metadata'].name}`, `create claim www-web-0, pod web-0 at ${orphan['metadata'].name}`]);
  });
});
