import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClusterNodes, splitSlots } from './cluster-nodes.js';
import { objectRef, type NodeView, type Observed, type ObservedPod } from './observe.js';
import { plan } from './plan.js';
import { FAILOVER_REQUEST_ANNOTATION, FAILOVER_TO_ANNOTATION } from '../framework/failover-request.js';
import { renderAll } from './render.js';
import { renderHashOf } from '../framework/render-hash.js';
import { resolveSpec, type RedisCluster } from './types.js';

const rc: RedisCluster = {
  apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster',
  metadata: { name: 'rc', namespace: 'default', uid: 'u1', generation: 1 },
  spec: { masters: 3, replicasPerMaster: 1 },
};
const id = (i: number): string => `${String(i).repeat(8)}${'a'.repeat(32)}`;
const ip = (i: number): string => `10.0.0.${10 + i}`;
// pods 0..5; nodes: 0,3 on n1; 1,4 on n2; 2,5 on n3 (the worst case for "first replica to first master")
const pods: ObservedPod[] = [0, 1, 2, 3, 4, 5].map((i) => ({ name: `rc-${i}`, ordinal: i, nodeName: `n${(i % 3) + 1}`, ip: ip(i), phase: 'Running', ready: true, deleting: false }));

function line(i: number, self: number, o: { master?: number; slots?: string; ip?: string; flags?: string } = {}): string {
  const role = o.master === undefined ? 'master' : 'slave';
  const flags = [...(i === self ? ['myself'] : []), role, ...(o.flags ? [o.flags] : [])].join(',');
  return `${id(i)} ${o.ip ?? ip(i)}:6379@16379 ${flags} ${o.master === undefined ? '-' : id(o.master)} 0 0 ${i + 1} connected${o.slots ? ` ${o.slots}` : ''}`;
}

/** A formed 3x1 cluster: masters 0,1,2; 3->1, 4->2, 5->0. */
const topology: Record<number, { master?: number; slots?: string }> = { 0: { slots: '0-5460' }, 1: { slots: '5461-10922' }, 2: { slots: '10923-16383' }, 3: { master: 1 }, 4: { master: 2 }, 5: { master: 0 } };

function formedView(self: number, override: (i: number) => string | undefined = () => undefined): NodeView {
  const text = [0, 1, 2, 3, 4, 5].map((i) => override(i) ?? line(i, self, topology[i])).join('\n');
  const isReplica = topology[self]!.master !== undefined;
  return {
    pod: `rc-${self}`, ip: ip(self), id: id(self), nodes: parseClusterNodes(text),
    clusterInfo: { cluster_state: 'ok', cluster_slots_assigned: '16384', cluster_known_nodes: '6' },
    replication: isReplica ? { role: 'slave', master_link_status: 'up' } : { role: 'master' },
  };
}
const freshView = (i: number): NodeView => ({
  pod: `rc-${i}`, ip: ip(i), id: id(i), nodes: parseClusterNodes(line(i, i)),
  clusterInfo: { cluster_state: 'fail', cluster_slots_assigned: '0', cluster_known_nodes: '1' }, replication: { role: 'master' },
});
const allExisting = renderAll(rc).map(objectRef);
const hashes = Object.fromEntries(renderAll(rc).map((o) => [objectRef(o), renderHashOf(o)]));

function observed(views: NodeView[], extra: Partial<Observed> = {}): Observed {
  return { rc, spec: resolveSpec(rc), existing: allExisting, hashes, antiAffinity: 'preferred', passwordMissing: false, pods, views, nodeCount: 3, now: '2024-01-01T00:00:00Z', ...extra };
}

describe('RedisCluster plan', () => {
  it('splits slots as redis-cli does', () => {
    assert.deepEqual(splitSlots(3), [[0, 5460], [5461, 10922], [10923, 16383]]);
    assert.deepEqual(splitSlots(4).at(-1), [12288, 16383]);
  });

  it('parses CLUSTER NODES lines with hostnames, replicas and migrating slots', () => {
    const [n] = parseClusterNodes(`${id(1)} 10.0.0.1:6379@16379,rc-1 myself,master - 0 0 2 connected 0-10 12 [13->-${id(2)}]`);
    assert.equal(n!.ip, '10.0.0.1');
    assert.equal(n!.hostname, 'rc-1');
    assert.deepEqual(n!.slots, [[0, 10], [12, 12]]);
    assert.equal(n!.masterId, undefined);
  });

  it('creates the missing objects first; a generated Secret carries no password in the plan', () => {
    const p = plan(observed([], { existing: [], passwordMissing: true }));
    assert.deepEqual(p.actions.map((a) => a['ref']), ['Secret/rc-auth', 'ConfigMap/rc-config', 'Service/rc-headless', 'Service/rc', 'PodDisruptionBudget/rc', 'StatefulSet/rc']);
    assert.deepEqual((p.actions[0]!['object'] as { data: unknown }).data, {});
  });

  it('waits for a user-named Secret that does not exist', () => {
    const withSecret: RedisCluster = { ...rc, spec: { ...rc.spec, auth: { passwordSecret: { name: 'mine', key: 'pw' } } } };
    const p = plan(observed([], { rc: withSecret, spec: resolveSpec(withSecret), passwordMissing: true }));
    assert.equal(p.actions.length, 0);
    assert.match(p.waitingFor ?? '', /Secret mine/);
  });

  it('waits for every pod before bootstrapping', () => {
    const p = plan(observed([0, 1, 2, 3, 4].map(freshView)));
    assert.equal(p.actions.length, 0);
    assert.match(p.waitingFor ?? '', /5 do/);
  });

  it('bootstraps six fresh nodes in five phases: slots, epochs, a full mesh of meets, wait, replicas on other nodes than their masters', () => {
    const p = plan(observed([0, 1, 2, 3, 4, 5].map(freshView)));
    assert.equal(p.actions[0]!.type, 'StartOperation');
    assert.deepEqual(p.actions.slice(1).map((a) => a['step'] ?? a.type), ['add-slots', 'set-epoch', 'meet', 'wait-known', 'replicate', 'FinishOperation']);
    const each = (step: string): Array<Record<string, any>> => p.actions.find((a) => a['step'] === step)!['each'] as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(each('add-slots').map((x) => [x['pod'], x['slots']]), [['rc-0', [0, 5460]], ['rc-1', [5461, 10922]], ['rc-2', [10923, 16383]]]);
    // distinct config epochs for every node
    assert.equal(new Set(each('set-epoch').map((x) => x['epoch'])).size, 6);
    // every pod meets every pod before it: 15 pairs, each pair once
    const pairs = each('meet').flatMap((x) => (x['targetIps'] as string[]).map((t) => [x['ip'], t].sort().join('|')));
    assert.equal(pairs.length, 15);
    assert.equal(new Set(pairs).size, 15);
    for (const a of each('replicate')) {
      const replica = pods.find((x) => x.name === a['pod'])!;
      const master = pods.find((x) => id(x.ordinal) === a['masterId'])!;
      assert.equal(a['masterIp'], ip(master.ordinal), 'the replica meets its master after REPLICATE');
      assert.notEqual(replica.nodeName, master.nodeName, `${replica.name} on ${replica.nodeName} replicates ${master.name}`);
    }
    assert.equal(each('replicate').length, 3);
    // after wait-known, each master MEETs the five other nodes (they take its slots from its packet)
    const announce = p.actions.find((a) => a['step'] === 'wait-known')!['announce'] as Array<Record<string, unknown>>;
    assert.deepEqual(announce.map((x) => [x['pod'], (x['targetIps'] as string[]).length]), [['rc-0', 5], ['rc-1', 5], ['rc-2', 5]]);
    assert.equal(p.status.operation?.type, 'Bootstrap');
    assert.equal(p.status.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
  });

  it('resumes a persisted bootstrap at the first step not done, and finishes it when all are', () => {
    const first = plan(observed([0, 1, 2, 3, 4, 5].map(freshView)));
    const op = structuredClone(first.status.operation!);
    op.steps.forEach((s, i) => { if (i < 2) s.state = 'done'; });
    const p = plan(observed([0, 1, 2, 3, 4, 5].map(freshView), { rc: { ...rc, status: { operation: op } } }));
    assert.deepEqual(p.actions.map((a) => a['step'] ?? a.type), ['meet', 'wait-known', 'replicate', 'FinishOperation']);
    op.steps.forEach((s) => (s.state = 'done'));
    assert.deepEqual(plan(observed([0, 1, 2, 3, 4, 5].map(freshView), { rc: { ...rc, status: { operation: op } } })).actions.map((a) => a.type), ['FinishOperation']);
  });

  it('resumes a bootstrap persisted with one step per pod (before phases): just that pod', () => {
    const first = plan(observed([0, 1, 2, 3, 4, 5].map(freshView)));
    const op = structuredClone(first.status.operation!);
    op.steps = [{ name: 'meet:rc-2', state: 'running' }, { name: 'wait-known', state: 'pending' }, { name: 'replicate:rc-4', state: 'pending' }];
    const p = plan(observed([0, 1, 2, 3, 4, 5].map(freshView), { rc: { ...rc, status: { operation: op } } }));
    assert.deepEqual(p.actions.map((a) => a['step'] ?? a.type), ['meet:rc-2', 'wait-known', 'replicate:rc-4', 'FinishOperation']);
    const meet = (p.actions[0]!['each'] as Array<Record<string, unknown>>);
    assert.deepEqual(meet.map((x) => x['pod']), ['rc-2']);
    assert.deepEqual((p.actions[2]!['each'] as Array<Record<string, unknown>>).map((x) => x['pod']), ['rc-4']);
  });

  it('a formed cluster with every link up is Ready and needs nothing', () => {
    const p = plan(observed([0, 1, 2, 3, 4, 5].map((i) => formedView(i))));
    assert.deepEqual(p.actions, []);
    const ready = p.status.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(ready.status, 'True', ready.message);
    assert.equal(p.status.slotsAssigned, 16384);
    assert.deepEqual(p.status.nodes!.find((n) => n.pod === 'rc-3'), { pod: 'rc-3', nodeName: 'n1', ip: ip(3), id: id(3), role: 'replica', slots: [], masterId: id(1), masterPod: 'rc-1', linkStatus: 'up' });
  });

  it('a replica whose link is down keeps Ready False with the reason', () => {
    const views = [0, 1, 2, 3, 4, 5].map((i) => formedView(i));
    views[4]!.replication = { role: 'slave', master_link_status: 'down' };
    const ready = plan(observed(views)).status.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'ReplicaLinkDown');
    assert.match(ready.message, /rc-4 -> rc-2/);
  });

  it('heals a changed pod IP: MEET from the peer that records the old address', () => {
    const views = [0, 1, 2, 3, 4, 5].map((i) => formedView(i, (j) => (j === 1 && i === 2 ? line(1, 2, { ...topology[1], ip: '10.0.0.99' }) : undefined)));
    const p = plan(observed(views));
    assert.deepEqual(p.actions.map((a) => [a.type, a['pod'], a['targetIp']]), [['Meet', 'rc-2', ip(1)]]);
  });

  it('a pod back empty is met, then made a replica of the master that lacks one', () => {
    // rc-5 lost its volume: new id, knows only itself; the others still list its old id as failed
    const oldId = id(5);
    const newId = 'f'.repeat(40);
    const emptyFive: NodeView = { ...freshView(5), id: newId, nodes: parseClusterNodes(`${newId} ${ip(5)}:6379@16379 myself,master - 0 0 0 connected`) };
    const ghost = () => (j: number) => (j === 5 ? `${oldId} ${ip(5)}:6379@16379 slave,fail ${id(0)} 0 0 6 disconnected` : undefined);
    const views = [0, 1, 2, 3, 4].map((i) => formedView(i, ghost()));
    const p1 = plan(observed([...views, emptyFive]));
    assert.deepEqual(p1.actions.map((a) => a.type), ['Meet', 'Forget']);
    assert.equal(p1.actions[0]!['targetIp'], ip(5));
    assert.equal(p1.actions[1]!['id'], oldId);
    // after the MEET: everyone knows the new id as a slot-less master
    const known = () => (j: number) => (j === 5 ? `${newId} ${ip(5)}:6379@16379 master - 0 0 0 connected` : undefined);
    const five: NodeView = { ...emptyFive, nodes: parseClusterNodes([0, 1, 2, 3, 4].map((j) => line(j, 5, topology[j])).join('\n') + `\n${newId} ${ip(5)}:6379@16379 myself,master - 0 0 0 connected`) };
    const p2 = plan(observed([...[0, 1, 2, 3, 4].map((i) => formedView(i, known())), five]));
    assert.deepEqual(p2.actions.map((a) => [a.type, a['pod'], a['masterPod']]), [['Replicate', 'rc-5', 'rc-0']]);
  });

  describe('rolling restart and failover', () => {
    const formed = (): NodeView[] => [0, 1, 2, 3, 4, 5].map((i) => formedView(i));
    const onRevision = (rev: (i: number) => string): ObservedPod[] => pods.map((p) => ({ ...p, revision: rev(p.ordinal) }));
    const outdated = (extra: Partial<Observed> = {}): Observed => observed(formed(), { pods: onRevision(() => 'old'), updateRevision: 'new', ...extra });

    it('an updated template starts a RollingRestart: replicas first, each master after a handover', () => {
      const p = plan(outdated());
      assert.equal(p.actions[0]!.type, 'StartOperation');
      assert.deepEqual(p.status.operation!.steps.map((s) => s.name), [
        'restart:rc-3', 'restart:rc-4', 'restart:rc-5',
        'handover:rc-0', 'restart:rc-0', 'handover:rc-1', 'restart:rc-1', 'handover:rc-2', 'restart:rc-2',
      ]);
      assert.equal(p.actions[1]!['deletePod'], 'rc-3');
    });

    it('a changed spec.config updates the ConfigMap and the StatefulSet template, not the replicas', () => {
      const changed: RedisCluster = { ...rc, spec: { ...rc.spec, config: { 'maxmemory-policy': 'allkeys-lru' } } };
      const p = plan(observed(formed(), { rc: changed, spec: resolveSpec(changed) }));
      assert.deepEqual(p.actions.map((a) => [a.type, a['ref']]), [['UpdateObject', 'ConfigMap/rc-config'], ['UpdateObject', 'StatefulSet/rc']]);
    });

    it('deletes nothing while the cluster is not whole, and waits for a restarted pod to be linked', () => {
      const op = structuredClone(plan(outdated()).status.operation!);
      const views = formed();
      views[4]!.replication = { role: 'slave', master_link_status: 'down' };
      const p = plan(observed(views, { pods: onRevision((i) => (i === 3 ? 'new' : 'old')), updateRevision: 'new', rc: { ...rc, status: { operation: op } } }));
      assert.equal(p.actions.filter((a) => a['deletePod'] || a['failoverAt']).length, 0, JSON.stringify(p.actions));
      assert.equal(p.actions.find((a) => a.type === 'RunStep')!['step'], 'restart:rc-3');
    });

    it('hands a master over to its linked replica (CLUSTER FAILOVER there), then restarts it as a replica', () => {
      const op = structuredClone(plan(outdated()).status.operation!);
      op.steps.slice(0, 3).forEach((s) => (s.state = 'done'));
      const p = plan(observed(formed(), { pods: onRevision((i) => (i >= 3 ? 'new' : 'old')), updateRevision: 'new', rc: { ...rc, status: { operation: op } } }));
      const step = p.actions.find((a) => a.type === 'RunStep')!;
      assert.equal(step['step'], 'handover:rc-0');
      assert.equal(step['failoverAt'], ip(5), 'rc-5 replicates rc-0');
      assert.equal(step['deletePod'], undefined);
      // the roles switched: rc-0 is rc-5's replica now; the handover is done and rc-0 may restart
      topology[0] = { master: 5 };
      topology[5] = { slots: '0-5460' };
      try {
        op.steps[3]!.state = 'done';
        const q = plan(observed(formed(), { pods: onRevision((i) => (i >= 3 ? 'new' : 'old')), updateRevision: 'new', rc: { ...rc, status: { operation: op } } }));
        assert.equal(q.actions.find((a) => a.type === 'RunStep')!['deletePod'], 'rc-0');
      } finally {
        topology[0] = { slots: '0-5460' };
        topology[5] = { master: 0 };
      }
    });

    it('a master with slots is never deleted by a restart step: it is handed over first', () => {
      const op = { id: 'x', type: 'RollingRestart', params: {}, steps: [{ name: 'restart:rc-1', state: 'pending' as const }], startedAt: '2024-01-01T00:00:00Z' };
      const p = plan(observed(formed(), { pods: onRevision((i) => (i === 1 ? 'old' : 'new')), updateRevision: 'new', rc: { ...rc, status: { operation: op } } }));
      const step = p.actions.find((a) => a.type === 'RunStep')!;
      assert.equal(step['deletePod'], undefined);
      assert.equal(step['failoverAt'], ip(3));
    });

    it('two masters on one node: the replica of one of them on a node without a master takes over (SpreadMasters)', () => {
      // rc-3 (n1) took over rc-1's slots: n1 runs rc-0 and rc-3, n2 none
      topology[1] = { master: 3 };
      topology[3] = { slots: '5461-10922' };
      try {
        const p = plan(observed(formed()));
        assert.equal(p.status.operation?.type, 'SpreadMasters');
        assert.deepEqual(p.status.operation!.steps.map((x) => x.name), ['promote:rc-1']);
        assert.equal(p.actions.find((a) => a.type === 'RunStep')!['failoverAt'], ip(1));
        // not when the user just chose rc-3 with ordinal failover (rc-0's replica is on n3, which has a master)
        const chosen: RedisCluster = { ...rc, status: { failover: { requestId: 'r', result: 'Succeeded', message: '', to: 'rc-3', at: '2024-01-01T00:00:00Z' } } };
        assert.equal(plan(observed(formed(), { rc: chosen })).status.operation, undefined);
      } finally {
        topology[1] = { slots: '5461-10922' };
        topology[3] = { master: 1 };
      }
      assert.equal(plan(observed(formed())).status.operation, undefined, 'one master per node: nothing to do');
    });

    it('ordinal failover: --to a linked replica promotes it; without --to it is refused with the replicas named', () => {
      const ask = (to: string): Observed => observed(formed(), { rc: { ...rc, metadata: { ...rc.metadata, annotations: { [FAILOVER_TO_ANNOTATION]: to, [FAILOVER_REQUEST_ANNOTATION]: 'r1' } } } });
      const auto = plan(ask('auto'));
      assert.equal(auto.status.failover?.result, 'Failed');
      assert.match(auto.status.failover!.message, /--to.*rc-3, rc-4, rc-5/);
      const to = plan(ask('rc-4'));
      assert.equal(to.status.failover?.result, 'Running');
      assert.equal(to.status.operation?.type, 'Failover');
      assert.equal(to.status.failover?.from, 'rc-2');
      assert.equal(to.actions.find((a) => a.type === 'RunStep')!['failoverAt'], ip(4));
      assert.equal(plan(ask('rc-0')).status.failover?.result, 'Succeeded');
    });
  });
});
