import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { namesOf, resolveSpec, type RedisReplication } from './kind.js';
import type { Observed, RedisPodView, SentinelView } from './observed.js';
import { plan } from './plan.js';
import { HASH_ANNOTATION, renderOwned } from './render.js';

const rr: RedisReplication = {
  apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisReplication',
  metadata: { name: 'cache', namespace: 'default', uid: 'u1', generation: 1 },
  spec: { replicas: 3 },
};
const spec = resolveSpec(rr);
const n = namesOf(spec);
const desired = renderOwned(rr, spec);
const allExisting = Object.fromEntries(desired.map((o) => [`${o['kind']}/${o['metadata'].name}`, o['metadata'].annotations[HASH_ANNOTATION] as string]));

function redisPod(i: number, over: Partial<RedisPodView> = {}): RedisPodView {
  const isMaster = i === 0;
  return {
    pod: `cache-${i}`, ip: `10.0.0.${i + 1}`, ready: true, deleting: false, revision: 'r1', roleLabel: isMaster ? 'master' : 'replica', reachable: true,
    ...(isMaster ? { role: 'master' as const, connectedReplicas: 2 } : { role: 'slave' as const, masterHost: n.redisHost(0), linkStatus: 'up' as const }),
    ...over,
  };
}
const sentinel = (i: number, over: Partial<SentinelView> = {}): SentinelView => {
  const master = over.master ?? n.redisHost(0);
  return { pod: `cache-sentinel-${i}`, reachable: true, master, downReplicas: [], healthyReplicas: [0, 1, 2].map((x) => n.redisHost(x)).filter((h) => h !== master), otherSentinels: 2, ...over };
};

function healthy(over: Partial<Observed> = {}): Observed {
  return {
    rr, spec, now: '2025-01-01T00:00:00.000Z', secretExists: true, existing: allExisting, desired, updateRevision: 'r1',
    redis: [redisPod(0), redisPod(1), redisPod(2)], sentinels: [sentinel(0), sentinel(1), sentinel(2)], ...over,
  };
}
const types = (o: Observed): string[] => plan(o).actions.map((a) => a.type);
const ready = (o: Observed) => plan(o).status.conditions?.find((c) => c.type === 'Ready');

describe('redis-replication plan', () => {
  it('creates the Secret and every object on a fresh resource, and waits', () => {
    const p = plan(healthy({ secretExists: false, existing: {}, redis: [], sentinels: [] }));
    assert.deepEqual(p.actions.map((a) => a.type), ['create-secret', 'apply', 'apply', 'apply', 'apply', 'apply', 'apply']);
    assert.equal(ready(healthy({ secretExists: false, existing: {}, redis: [], sentinels: [] }))?.reason, 'WaitingForPods');
    assert.ok(!JSON.stringify(p).includes('requirepass "'), 'no password in the plan');
  });

  it('a given password Secret that is missing is not generated', () => {
    const given = { ...rr, spec: { ...rr.spec, auth: { passwordSecret: { name: 'mine', key: 'pw' } } } };
    assert.deepEqual(types({ ...healthy({ secretExists: false }), rr: given, spec: resolveSpec(given) }), []);
  });

  it('is Ready with nothing to do when Sentinels agree and replicas are linked; status names the master', () => {
    const p = plan(healthy());
    assert.deepEqual(p.actions, []);
    assert.equal(p.status.master, 'cache-0');
    assert.equal(p.status.readyReplicas, 2);
    assert.equal(ready(healthy())?.status, 'True');
  });

  it('is not Ready while a Sentinel does not yet know a replica or the other Sentinels (it could not fail over)', () => {
    const fresh = healthy({ sentinels: [sentinel(0, { healthyReplicas: [], otherSentinels: 0 }), sentinel(1), sentinel(2)] });
    const r = ready(fresh);
    assert.equal(r?.status, 'False');
    assert.equal(r?.reason, 'SentinelsLearning');
    const noPeers = healthy({ sentinels: [sentinel(0), sentinel(1, { otherSentinels: 1 }), sentinel(2)] });
    assert.equal(ready(noPeers)?.reason, 'SentinelsLearning');
    // nor does a restart of the master start then
    const changed = plan({ ...fresh, updateRevision: 'r2', redis: [redisPod(0), redisPod(1, { revision: 'r2' }), redisPod(2, { revision: 'r2' })] });
    assert.ok(!changed.actions.some((a) => a.type === 'sentinel-failover' || (a.type === 'delete-pod' && a['pod'] === 'cache-0')), JSON.stringify(changed.actions));
  });

  it('updates only the object whose render changed', () => {
    const p = plan(healthy({ existing: { ...allExisting, 'StatefulSet/cache-sentinel': 'old' } }));
    assert.deepEqual(p.actions.map((a) => `${a.type}:${(a['object'] as { metadata: { name: string } }).metadata.name}`), ['apply:cache-sentinel']);
  });

  it('never promotes: with the master down it only reports, and waits for Sentinel', () => {
    const o = healthy({ redis: [redisPod(0, { reachable: false, role: undefined }), redisPod(1, { linkStatus: 'down' }), redisPod(2, { linkStatus: 'down' })] });
    assert.deepEqual(types(o), []);
    assert.equal(ready(o)?.reason, 'MasterDown');
  });

  it('points a returning old master (a second master) at Sentinel\'s master', () => {
    const o = healthy({
      sentinels: [0, 1, 2].map((i) => sentinel(i, { master: n.redisHost(1) })),
      redis: [redisPod(0, { role: 'master', roleLabel: 'replica' }), redisPod(1, { role: 'master', masterHost: undefined, linkStatus: undefined, roleLabel: 'master' }), redisPod(2, { masterHost: n.redisHost(1), roleLabel: 'replica' })],
    });
    const p = plan(o);
    assert.deepEqual(p.actions.map((a) => [a.type, a['pod'], a['host']]), [['replicaof', 'cache-0', n.redisHost(1)]]);
    assert.equal(p.status.master, 'cache-1');
    assert.equal(ready(o)?.reason, 'ReplicaLinkDown');
  });

  it('does not repoint while Sentinels disagree (a failover may be running) or fail over', () => {
    const o = healthy({ sentinels: [sentinel(0), sentinel(1, { master: n.redisHost(1) }), sentinel(2, { master: n.redisHost(2) })], redis: [redisPod(0), redisPod(1, { role: 'master' }), redisPod(2)] });
    assert.deepEqual(types(o), []);
    assert.equal(ready(o)?.reason, 'NoAgreedMaster');
    const inProgress = healthy({ sentinels: [sentinel(0, { failoverInProgress: true }), sentinel(1), sentinel(2)], redis: [redisPod(0), redisPod(1, { role: 'master' }), redisPod(2)] });
    assert.ok(!types(inProgress).includes('replicaof'));
  });

  it('keeps the role labels current (the client Service follows the master)', () => {
    const p = plan(healthy({ redis: [redisPod(0, { roleLabel: undefined }), redisPod(1, { roleLabel: 'master' }), redisPod(2)] }));
    assert.deepEqual(p.actions.map((a) => [a.type, a['pod'], a['role']]), [['label-role', 'cache-0', 'master'], ['label-role', 'cache-1', 'replica']]);
  });

  it('never demotes a master while the Sentinels disagree (a promotion they learn of one by one)', () => {
    // cache-1 was just promoted; two Sentinels still name cache-0, one names cache-1
    const p = plan(healthy({
      redis: [redisPod(0), redisPod(1, { role: 'master', masterHost: undefined, linkStatus: undefined }), redisPod(2)],
      sentinels: [sentinel(0), sentinel(1), sentinel(2, { master: n.redisHost(1) })],
    }));
    assert.deepEqual(p.actions.filter((a) => a.type === 'replicaof'), []);
  });

  it('resets one Sentinel that sees a live, linked replica as down (stale address)', () => {
    const p = plan(healthy({ sentinels: [sentinel(0), sentinel(1, { downReplicas: [n.redisHost(2)] }), sentinel(2, { downReplicas: [n.redisHost(2)] })] }));
    assert.deepEqual(p.actions.map((a) => [a.type, a['pod']]), [['sentinel-reset', 'cache-sentinel-1']]);
  });

  it('does not reset a Sentinel that only lost its link to a replica (disconnected, e.g. just restarted): it would forget every replica', () => {
    const p = plan(healthy({ sentinels: [sentinel(0), sentinel(1, { unlinkedReplicas: [n.redisHost(2)] }), sentinel(2, { unlinkedReplicas: ['10.244.0.9'] })] }));
    assert.deepEqual(p.actions.filter((a) => a.type === 'sentinel-reset'), []);
  });

  it('resets a Sentinel that lists a down replica at an address no pod has (before a failover could need it)', () => {
    const p = plan(healthy({ sentinels: [sentinel(0), sentinel(1), sentinel(2, { downReplicas: ['10.244.0.9'] })] }));
    assert.deepEqual(p.actions.map((a) => [a.type, a['pod']]), [['sentinel-reset', 'cache-sentinel-2']]);
    assert.match(String(p.actions[0]!.reason), /10\.244\.0\.9, no pod's address/);
  });

  describe('rolling restart (a template change): replicas first, SENTINEL FAILOVER, then the old master', () => {
    const changed = (over: Partial<Observed> = {}): Observed => healthy({ updateRevision: 'r2', ...over });
    it('starts a persisted operation and restarts the first replica', () => {
      const p = plan(changed());
      assert.equal(p.status.operation?.type, 'RollingRestart');
      assert.deepEqual(p.status.operation?.steps.map((s) => `${s.name}=${s.state}`), ['restart:cache-1=running', 'restart:cache-2=pending', 'failover:cache-0=pending', 'restart:cache-0=pending']);
      assert.deepEqual(p.actions.map((a) => [a.type, a['pod']]), [['delete-pod', 'cache-1']]);
    });
    const withOp = (o: Observed, steps: Array<[string, string]>): Observed => ({
      ...o,
      rr: { ...rr, status: { operation: { id: 'rolling-restart-r2', type: 'RollingRestart', params: {}, startedAt: o.now, steps: steps.map(([name, state]) => ({ name, state: state as 'pending', at: o.now })) } } },
    });
    it('after a crash mid-step it resumes: waits while the pod is away, then goes on', () => {
      const steps: Array<[string, string]> = [['restart:cache-1', 'running'], ['restart:cache-2', 'pending'], ['failover:cache-0', 'pending'], ['restart:cache-0', 'pending']];
      const away = withOp(changed({ redis: [redisPod(0), redisPod(1, { deleting: true, reachable: false }), redisPod(2)] }), steps);
      assert.deepEqual(types(away), []);
      const notYetDeleted = withOp(changed(), steps);
      assert.deepEqual(plan(notYetDeleted).actions.map((a) => [a.type, a['pod']]), [['delete-pod', 'cache-1']], 'the recorded step is issued again (idempotent)');
      const backInSync = withOp(changed({ redis: [redisPod(0), redisPod(1, { revision: 'r2' }), redisPod(2)] }), steps);
      const p = plan(backInSync);
      assert.deepEqual(p.actions.map((a) => [a.type, a['pod']]), [['delete-pod', 'cache-2']]);
      assert.equal(p.status.operation?.steps[0]?.state, 'done');
    });
    it('hands over with SENTINEL FAILOVER before the master restarts, once', () => {
      const steps: Array<[string, string]> = [['restart:cache-1', 'done'], ['restart:cache-2', 'done'], ['failover:cache-0', 'pending'], ['restart:cache-0', 'pending']];
      const o = withOp(changed({ redis: [redisPod(0), redisPod(1, { revision: 'r2' }), redisPod(2, { revision: 'r2' })] }), steps);
      const p = plan(o);
      assert.deepEqual(p.actions.map((a) => a.type), ['sentinel-failover']);
      assert.equal(p.status.operation?.steps[2]?.state, 'running');
      const again = withOp(o, [['restart:cache-1', 'done'], ['restart:cache-2', 'done'], ['failover:cache-0', 'running'], ['restart:cache-0', 'pending']]);
      assert.deepEqual(types(again), [], 'not issued twice within failover-timeout');
      // Sentinel moved the master to cache-1: the old master is fenced (unpaused), then restarted
      const movedObserved = changed({
        sentinels: [0, 1, 2].map((i) => sentinel(i, { master: n.redisHost(1) })),
        redis: [redisPod(0, { role: 'slave', masterHost: n.redisHost(1), linkStatus: 'up', roleLabel: 'replica' }), redisPod(1, { revision: 'r2', role: 'master', masterHost: undefined, linkStatus: undefined, roleLabel: 'master' }), redisPod(2, { revision: 'r2', masterHost: n.redisHost(1) })],
      });
      const moved = withOp(movedObserved, [['restart:cache-1', 'done'], ['restart:cache-2', 'done'], ['failover:cache-0', 'running'], ['restart:cache-0', 'pending']]);
      const fence = plan(moved);
      assert.deepEqual(fence.actions.map((a) => [a.type, a['pod']]), [['fence-old-master', 'cache-0']]);
      assert.deepEqual(plan({ ...movedObserved, rr: { ...rr, status: { operation: fence.status.operation! } } }).actions.map((a) => [a.type, a['pod']]), [['delete-pod', 'cache-0']]);
    });
    it('never deletes the current master', () => {
      const o = withOp(changed(), [['restart:cache-0', 'pending']]);
      assert.deepEqual(types(o), []);
    });
  });
});
