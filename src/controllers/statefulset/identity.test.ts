import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeCluster } from './fake-cluster.js';
import { formatPlan, summarizeActions } from './format-plan.js';
import { parentAndOrdinal } from './pod-identity.js';
import { makePod, makeSet } from './test-fixtures.js';

describe('pod identity', () => {
  it('parses <set>-<ordinal> names', () => {
    assert.deepEqual(parentAndOrdinal('web-0'), { parent: 'web', ordinal: 0 });
    assert.deepEqual(parentAndOrdinal('my-db-12'), { parent: 'my-db', ordinal: 12 });
    assert.deepEqual(parentAndOrdinal('web'), { parent: '', ordinal: -1 });
    assert.deepEqual(parentAndOrdinal('web-x'), { parent: '', ordinal: -1 });
  });

  it('a new pod has the template, a controller reference, identity labels, hostname, subdomain and claim volumes', () => {
    const set = makeSet({ replicas: 1 });
    set['spec'].template.metadata.annotations = { note: 'x' };
    set['spec'].template.spec.volumes = [{ name: 'www', emptyDir: {} }, { name: 'config', configMap: { name: 'cfg' } }];
    const plan = new FakeCluster(set).plan();
    const create = plan.actions.find((a) => a.type === 'CreatePod');
    assert.ok(create && create.type === 'CreatePod');
    const pod = create.object;
    assert.equal(pod['metadata'].name, 'web-0');
    assert.deepEqual(pod['metadata'].labels, {
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': plan.updateRevision,
    });
    assert.deepEqual(pod['metadata'].annotations, { note: 'x' });
    assert.deepEqual(pod['metadata'].ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
    assert.equal(pod['spec'].hostname, 'web-0');
    assert.equal(pod['spec'].subdomain, 'web');
    assert.deepEqual(pod['spec'].volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }, { name: 'config', configMap: { name: 'cfg' } }]);
    assert.equal(pod['spec'].containers[0].image, 'nginx:1');
    assert.equal(set['spec'].template.spec.hostname, undefined, 'the set is not mutated');
  });

  it('repairs wrong identity labels and storage in place', () => {
    const c = new FakeCluster(makeSet({ replicas: 1 }));
    c.settle();
    const pod = structuredClone(c.pods.get('web-0')!);
    delete pod['metadata'].labels['statefulset.kubernetes.io/pod-name'];
    pod['spec'].volumes = [];
    c.pods.set('web-0', pod);
    const plan = c.sync();
    assert.deepEqual(summarizeActions(plan), ['update pod web-0: identity labels, claim volumes']);
    assert.equal(c.pods.get('web-0')!['metadata'].uid, pod['metadata'].uid, 'not re-created');
    assert.equal(c.pods.get('web-0')!['metadata'].labels['statefulset.kubernetes.io/pod-name'], 'web-0');
  });
});

describe('ownership', () => {
  it('adopts a matching orphan, releases an owned pod that no longer matches, ignores the rest', () => {
    const set = makeSet({ replicas: 2 });
    const c = new FakeCluster(set);
    c.settle();
    const rev = c.set['status'].updateRevision;
    const orphan = makePod(set, 1, { revision: rev });
    orphan['metadata'].ownerReferences = [];
    c.pods.set('web-1', orphan);
    const relabelled = structuredClone(c.pods.get('web-0')!);
    relabelled['metadata'].labels.app = 'other';
    c.pods.set('web-0', relabelled);
    const foreign = makePod(set, 5, { revision: rev });
    foreign['metadata'].ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs', controller: true }];
    c.pods.set('web-5', foreign);
    const stranger = makePod(set, 0);
    stranger['metadata'].name = 'web-x';
    stranger['metadata'].ownerReferences = [];
    c.pods.set('web-x', stranger);
    const plan = c.sync();
    assert.deepEqual(summarizeActions(plan).slice(0, 3), ['release pod web-0', 'adopt pod web-1', `create pod web-0 at ${rev}`]);
    assert.equal(c.pods.get('web-1')!['metadata'].ownerReferences[0].uid, 'uid-web');
  });

  it('a set being deleted only updates its status', () => {
    const c = new FakeCluster(makeSet());
    c.settle();
    c.set['metadata'].deletionTimestamp = new Date().toISOString();
    c.updateSpec({ replicas: 1 });
    c.setImage('nginx:2');
    const plan = c.plan();
    assert.deepEqual(plan.actions.map((a) => a.type), ['CreateRevision', 'UpdateStatus']);
  });
});

describe('status and printing', () => {
  it('counts replicas, ready, available, current and updated pods and prints the plan', () => {
    const set = makeSet();
    const c = new FakeCluster(set);
    c.settle();
    c.setRunning('web-2', false);
    c.sync();
    const s = c.set['status'];
    assert.deepEqual(
      [s.observedGeneration, s.replicas, s.readyReplicas, s.availableReplicas, s.currentReplicas, s.updatedReplicas, s.collisionCount],
      [1, 3, 2, 2, 3, 3, 0],
    );
    c.setImage('nginx:2');
    c.setRunning('web-2');
    const text = formatPlan(c.plan());
    assert.match(text, /^statefulset default\/web \(OrderedReady\) current=web-\w+ update=web-\w+\n {2}create revision web-\w+ \(revision 2\)\n {2}delete pod web-2 \(Update\)\n {2}status replicas=3 .* current=2 updated=0/);
    assert.doesNotThrow(() => JSON.stringify(c.plan()));
  });
});
