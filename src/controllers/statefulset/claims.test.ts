import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeCluster } from './fake-cluster.js';
import { summarizeActions } from './format-plan.js';
import { makeClaims, makeSet, t0 } from './test-fixtures.js';

const owners = (c: FakeCluster, claim: string): string[] => (c.claims.get(claim)?.['metadata'].ownerReferences ?? []).map((r: Record<string, unknown>) => `${r['kind']}/${r['name']}${r['controller'] ? '' : ' (not controller)'}`);

describe('claims', () => {
  it('are named <template>-<set>-<ordinal>, labelled with template labels and the selector, and used as volumes', () => {
    const set = makeSet({ replicas: 1 });
    set['spec'].volumeClaimTemplates[0].metadata.labels = { tier: 'data' };
    const plan = new FakeCluster(set).plan();
    const create = plan.actions.find((a) => a.type === 'CreatePod');
    assert.ok(create && create.type === 'CreatePod');
    assert.equal(create.claims[0]!['metadata'].name, 'www-web-0');
    assert.deepEqual(create.claims[0]!['metadata'].labels, { tier: 'data', app: 'web' });
    assert.deepEqual(create.claims[0]!['spec'].resources, { requests: { storage: '1Gi' } });
    assert.deepEqual(create.object['spec'].volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }]);
  });

  it('a claim the user created with the right name is used as it is (seed 002)', () => {
    const set = makeSet({ replicas: 2, volumeClaimTemplates: [{ metadata: { name: 'db' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }, 'mysql');
    const c = new FakeCluster(set);
    const mine = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'db-mysql-0', namespace: 'default', uid: 'user-claim', resourceVersion: '1' }, spec: {}, status: { phase: 'Bound' } };
    const wrong = { ...mine, metadata: { ...mine.metadata, name: 'mysql-db-0', uid: 'wrong-name' } };
    c.claims.set('db-mysql-0', mine);
    c.claims.set('mysql-db-0', wrong);
    assert.deepEqual(summarizeActions(c.sync()).slice(1), [`create pod mysql-0 at ${c.set['status'].updateRevision}`]);
    c.settle();
    assert.equal(c.claims.get('db-mysql-0'), mine, 'untouched');
    assert.equal(c.claims.get('mysql-db-0'), wrong, 'untouched');
    assert.ok(c.claims.has('db-mysql-1'));
    assert.equal(c.pods.get('mysql-0')!['spec'].volumes[0].persistentVolumeClaim.claimName, 'db-mysql-0');
  });

  it('a pod waiting on an unbound claim says so', () => {
    const c = new FakeCluster(makeSet({ replicas: 1 }));
    c.sync();
    const plan = c.sync();
    assert.deepEqual(plan.waiting, [{ reason: 'ClaimNotBound', pod: 'web-0', message: 'pod web-0 is Pending; its claims are not bound yet: www-web-0 (Pending)' }]);
  });

  it('a claim being deleted blocks the creation of its pod, with a FailedCreate event and an error', () => {
    const c = new FakeCluster(makeSet({ replicas: 1 }));
    const [claim] = makeClaims(c.set, 0);
    c.claims.set('www-web-0', { ...claim, metadata: { ...claim!['metadata'], deletionTimestamp: t0.toISOString() } });
    const plan = c.sync();
    assert.deepEqual(summarizeActions(plan).filter((s) => s.includes('pod')), []);
    assert.deepEqual(plan.errors, ['create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted']);
    assert.deepEqual(c.events, ['FailedCreate: create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted']);
  });

  it('a claim missing for a Pending pod is re-created', () => {
    const c = new FakeCluster(makeSet({ replicas: 1 }));
    c.sync();
    c.claims.delete('www-web-0');
    assert.deepEqual(summarizeActions(c.sync()), ['create claim www-web-0 for pod web-0']);
  });

  it('survive pod deletion: the new pod uses the same claim', () => {
    const c = new FakeCluster(makeSet());
    c.settle();
    const uid = c.claims.get('www-web-1')!['metadata'].uid;
    c.deletePod('web-1');
    c.settle();
    assert.equal(c.claims.get('www-web-1')!['metadata'].uid, uid);
  });
});

describe('persistentVolumeClaimRetentionPolicy', () => {
  it('Retain/Retain: claims have no owner', () => {
    const c = new FakeCluster(makeSet());
    c.settle();
    c.updateSpec({ replicas: 1 });
    c.settle();
    assert.deepEqual(owners(c, 'www-web-0'), []);
    assert.deepEqual(owners(c, 'www-web-2'), []);
  });

  it('whenDeleted=Delete: the set owns every claim (new ones at creation, existing ones by update)', () => {
    const set = makeSet({ replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } });
    const c = new FakeCluster(set);
    const [existing] = makeClaims(makeSet({ replicas: 2 }), 1);
    c.claims.set('www-web-1', existing!);
    c.settle();
    assert.deepEqual(owners(c, 'www-web-0'), ['StatefulSet/web']);
    assert.deepEqual(owners(c, 'www-web-1'), ['StatefulSet/web']);
    c.updateSpec({ replicas: 1 });
    c.settle();
    assert.deepEqual(owners(c, 'www-web-1'), ['StatefulSet/web'], 'whenScaled=Retain keeps the set as owner');
  });

  it('whenScaled=Delete: claims of condemned pods are owned by the pod before it is deleted', () => {
    const c = new FakeCluster(makeSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
    c.settle();
    assert.deepEqual(owners(c, 'www-web-2'), []);
    c.updateSpec({ replicas: 1 });
    const podUid = c.pods.get('web-2')!['metadata'].uid;
    const plan = c.sync();
    assert.deepEqual(summarizeActions(plan), ['set owners of claim www-web-2 to [Pod/web-2]', 'set owners of claim www-web-1 to [Pod/web-1]', 'delete pod web-2 (ScaleDown)']);
    assert.equal(c.claims.get('www-web-2')!['metadata'].ownerReferences[0].uid, podUid);
    assert.deepEqual(owners(c, 'www-web-0'), []);
  });

  it('Delete/Delete: the set owns claims in range, the pod owns condemned ones', () => {
    const c = new FakeCluster(makeSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
    c.settle();
    c.graceful = true;
    c.updateSpec({ replicas: 2 });
    c.sync();
    assert.deepEqual(owners(c, 'www-web-0'), ['StatefulSet/web']);
    assert.deepEqual(owners(c, 'www-web-2'), ['Pod/web-2']);
  });

  it('a scale-up waits while the claim still belongs to the earlier pod of that name (the garbage collector is on it)', () => {
    const c = new FakeCluster(makeSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
    c.settle();
    c.updateSpec({ replicas: 2 });
    c.sync();
    assert.deepEqual(c.podNames(), ['web-0', 'web-1']);
    assert.deepEqual(owners(c, 'www-web-2'), ['Pod/web-2']);
    c.updateSpec({ replicas: 3 });
    const plan = c.sync();
    assert.deepEqual(summarizeActions(plan), []);
    assert.equal(plan.waiting[0]?.reason, 'ClaimStale');
    c.collectGarbage();
    assert.equal(c.claims.has('www-web-2'), false);
    assert.deepEqual(summarizeActions(c.sync()), [`create claim www-web-2, pod web-2 at ${c.set['status'].updateRevision}`]);
  });

  it('switching back to Retain removes our references and leaves others', () => {
    const c = new FakeCluster(makeSet({ replicas: 1, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }));
    c.settle();
    const claim = c.claims.get('www-web-0')!;
    claim['metadata'].ownerReferences.push({ apiVersion: 'v1', kind: 'ConfigMap', name: 'keep', uid: 'cm' });
    c.updateSpec({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } });
    c.settle();
    assert.deepEqual(owners(c, 'www-web-0'), ['ConfigMap/keep (not controller)']);
  });
});
