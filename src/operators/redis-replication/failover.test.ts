import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failoverAnnotations } from '../framework/failover-request.js';
import { namesOf, resolveSpec, type RedisReplication, type RedisReplicationStatus } from './kind.js';
import type { Observed, RedisPodView, SentinelView } from './observed.js';
import { plan } from './plan.js';
import { HASH_ANNOTATION, renderOwned } from './render.js';

const base: RedisReplication = {
  apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisReplication',
  metadata: { name: 'cache', namespace: 'default', uid: 'u1', generation: 1 },
  spec: { replicas: 3, sentinel: { failoverTimeout: 15000 } },
};
const spec = resolveSpec(base);
const n = namesOf(spec);
const desired = renderOwned(base, spec);
const existing = Object.fromEntries(desired.map((o) => [`${o['kind']}/${o['metadata'].name}`, o['metadata'].annotations[HASH_ANNOTATION] as string]));
const NOW = '2025-01-01T00:00:00.000Z';

function pod(i: number, master: number, over: Partial<RedisPodView> = {}): RedisPodView {
  return {
    pod: `cache-${i}`, ip: `10.0.0.${i + 1}`, ready: true, deleting: false, revision: 'r1', roleLabel: i === master ? 'master' : 'replica', reachable: true, priority: 100,
    ...(i === master ? { role: 'master' as const, connectedReplicas: 2 } : { role: 'slave' as const, masterHost: n.redisHost(master), linkStatus: 'up' as const }),
    ...over,
  };
}
const sentinels = (master: number, priorities: Record<string, number> = {}): SentinelView[] =>
  [0, 1, 2].map((i) => ({
    pod: `cache-sentinel-${i}`, reachable: true, master: n.redisHost(master), downReplicas: [], replicaPriorities: priorities,
    healthyReplicas: [0, 1, 2].filter((x) => x !== master).map((x) => n.redisHost(x)), otherSentinels: 2,
  }));

function observed(to: string, status: RedisReplicationStatus, over: Partial<Observed> = {}): Observed {
  const rr: RedisReplication = { ...base, metadata: { ...base.metadata, annotations: failoverAnnotations({ id: 'req1', to }) } as RedisReplication['metadata'], status };
  return { rr, spec, now: NOW, secretExists: true, existing, desired, updateRevision: 'r1', redis: [0, 1, 2].map((i) => pod(i, 0)), sentinels: sentinels(0), ...over };
}

describe('redis-replication failover requests', () => {
  it('--to: steer Sentinel with replica-priority, wait for every Sentinel to read it, hand over, restore, report', () => {
    // 1. a new request starts the operation and sets the target's priority
    let p = plan(observed('cache-2', {}));
    assert.equal(p.status.operation?.type, 'Failover');
    assert.deepEqual(p.status.operation?.steps.map((s) => s.name), ['priority:cache-2', 'failover:cache-0', 'restore-priority:cache-2']);
    assert.deepEqual(p.actions.map((a) => [a.type, a['pod'], a['priority']]), [['set-priority', 'cache-2', 1]]);
    assert.equal(p.status.failover?.result, 'Running');
    assert.equal(p.status.failover?.requestId, 'req1');
    // 2. the pod has it, the Sentinels not yet: wait without acting
    const steered = [pod(0, 0), pod(1, 0), pod(2, 0, { priority: 1 })];
    p = plan(observed('cache-2', p.status, { redis: steered }));
    assert.deepEqual(p.actions, []);
    assert.match(p.waitingFor ?? '', /cache-sentinel-0, cache-sentinel-1, cache-sentinel-2 to read cache-2's replica-priority/);
    // 3. every Sentinel has it: SENTINEL FAILOVER (write-paused handover in act) away from the master
    p = plan(observed('cache-2', p.status, { redis: steered, sentinels: sentinels(0, { [n.redisHost(2)]: 1 }) }));
    assert.deepEqual(p.actions.map((a) => [a.type, a['pod']]), [['sentinel-failover', 'cache-0']]);
    // 3b. Sentinel is failing over: the old master's pause is renewed, nothing else
    const failing = sentinels(0, { [n.redisHost(2)]: 1 }).map((x) => ({ ...x, failoverInProgress: true }));
    const kept = plan(observed('cache-2', p.status, { redis: steered, sentinels: failing }));
    assert.deepEqual(kept.actions.filter((a) => a.type !== 'label-role').map((a) => [a.type, a['pod']]), [['keep-paused', 'cache-0']]);
    // 4. Sentinel promoted cache-2; cache-0 is still a master (its writers paused): fence it -
    // REPLICAOF the new master, disconnect its clients, unpause - before anything else
    const switched = [pod(0, 0), pod(1, 2), pod(2, 2, { priority: 1 })];
    p = plan(observed('cache-2', p.status, { redis: switched, sentinels: sentinels(2) }));
    assert.deepEqual(p.actions.filter((a) => a.type !== 'label-role').map((a) => [a.type, a['pod'], a['host'], a['kill']]), [['fence-old-master', 'cache-0', n.redisHost(2), true]]);
    assert.equal(p.status.operation?.steps[1]?.state, 'running');
    // 5. cache-0 follows cache-2: the handover is done; restore the target's priority
    const after = [pod(0, 2), pod(1, 2), pod(2, 2, { priority: 1 })];
    p = plan(observed('cache-2', p.status, { redis: after, sentinels: sentinels(2) }));
    assert.deepEqual(p.actions.filter((a) => a.type === 'set-priority').map((a) => [a['pod'], a['priority']]), [['cache-2', 100]]);
    assert.equal(p.status.failover?.result, 'Running');
    // 6. restored: the operation ends and the result names both pods
    p = plan(observed('cache-2', p.status, { redis: [pod(0, 2), pod(1, 2), pod(2, 2)], sentinels: sentinels(2) }));
    assert.equal(p.status.operation, undefined);
    assert.deepEqual({ ...p.status.failover, at: undefined }, { requestId: 'req1', result: 'Succeeded', from: 'cache-0', to: 'cache-2', at: undefined, message: p.status.failover?.message });
    // 7. answered: the same request is not run again
    const again = plan(observed('cache-2', p.status, { redis: [pod(0, 2), pod(1, 2), pod(2, 2)], sentinels: sentinels(2) }));
    assert.equal(again.status.operation, undefined);
    assert.deepEqual(again.actions.filter((a) => a.type !== 'label-role'), []);
  });

  it('no fence while the Sentinels still name the old master', () => {
    let p = plan(observed('auto', {}));
    // cache-1 answers as master, but the Sentinels have not switched: cache-0 is not touched
    p = plan(observed('auto', p.status, { redis: [pod(0, 0), pod(1, 1), pod(2, 0)], sentinels: sentinels(0) }));
    assert.deepEqual(p.actions.filter((a) => a['pod'] === 'cache-0' && a.type !== 'label-role'), []);
    assert.equal(p.status.operation?.steps[0]?.state, 'running');
  });

  it('auto: only the handover step; Succeeded with whichever replica Sentinel picked', () => {
    let p = plan(observed('auto', {}));
    assert.deepEqual(p.status.operation?.steps.map((s) => s.name), ['failover:cache-0']);
    assert.deepEqual(p.actions.map((a) => a.type), ['sentinel-failover']);
    // Sentinel demoted cache-0 itself before the operator looked: still unpaused, no clients killed
    const demoted = [pod(0, 1), pod(1, 1), pod(2, 1)];
    p = plan(observed('auto', p.status, { redis: demoted, sentinels: sentinels(1) }));
    assert.deepEqual(p.actions.filter((a) => a.type !== 'label-role').map((a) => [a.type, a['pod'], a['kill']]), [['fence-old-master', 'cache-0', false]]);
    p = plan(observed('auto', p.status, { redis: demoted, sentinels: sentinels(1) }));
    assert.equal(p.status.operation, undefined);
    assert.equal(p.status.failover?.result, 'Succeeded');
    assert.equal(p.status.failover?.to, 'cache-1');
  });

  it('answers at once: already the master, an unknown or unsynced pod, an unhealthy set', () => {
    assert.equal(plan(observed('cache-0', {})).status.failover?.result, 'Succeeded');
    const unknown = plan(observed('cache-9', {}));
    assert.equal(unknown.status.failover?.result, 'Failed');
    assert.equal(unknown.status.operation, undefined);
    assert.match(unknown.status.failover?.message ?? '', /cache-9 is not a replica in sync/);
    const down = plan(observed('cache-1', {}, { redis: [pod(0, 0), pod(1, 0, { linkStatus: 'down' }), pod(2, 0)] }));
    assert.equal(down.status.failover?.result, 'Failed');
    assert.match(down.status.failover?.message ?? '', /1\/2 replicas linked/);
    assert.deepEqual(down.actions, []);
  });

  it('waits (Running) while a Sentinel is still learning the replicas and the other Sentinels; fails after a minute', () => {
    const learning = sentinels(0).map((x, i) => (i === 0 ? { ...x, otherSentinels: 0, healthyReplicas: [] } : x));
    const p = plan(observed('cache-1', {}, { sentinels: learning }));
    assert.equal(p.status.failover?.result, 'Running');
    assert.match(p.status.failover?.message ?? '', /waiting for every Sentinel/);
    assert.equal(p.status.operation, undefined);
    // they learnt: the failover starts
    const started = plan(observed('cache-1', p.status));
    assert.equal(started.status.operation?.type, 'Failover');
    // they did not, for a minute: Failed, with the reason
    const later = new Date(Date.parse(NOW) + 61_000).toISOString();
    const failed = plan(observed('cache-1', p.status, { sentinels: learning, now: later }));
    assert.equal(failed.status.failover?.result, 'Failed');
    assert.match(failed.status.failover?.message ?? '', /does not know every replica and the other Sentinels after 60 s/);
  });

  it('Sentinel promoting another pod than asked is a failure, not a success', () => {
    const p = plan(observed('cache-2', {
      operation: { id: 'failover-req1', type: 'Failover', params: { requestId: 'req1', to: 'cache-2', from: 'cache-0' }, startedAt: NOW, steps: [{ name: 'priority:cache-2', state: 'done' }, { name: 'failover:cache-0', state: 'running', at: NOW, detail: 'fence cache-0: replica of cache-1' }, { name: 'restore-priority:cache-2', state: 'pending' }] },
    }, { redis: [pod(0, 1), pod(1, 1), pod(2, 1)], sentinels: sentinels(1) }));
    assert.equal(p.status.failover?.result, 'Failed');
    assert.match(p.status.failover?.message ?? '', /promoted cache-1, not cache-2/);
  });

  it('gives up after the deadline and restores the priority', () => {
    const later = new Date(Date.parse(NOW) + 61_000).toISOString();
    const p = plan(observed('cache-2', {
      operation: { id: 'failover-req1', type: 'Failover', params: { requestId: 'req1', to: 'cache-2', from: 'cache-0' }, startedAt: NOW, steps: [{ name: 'priority:cache-2', state: 'running', at: NOW }, { name: 'failover:cache-0', state: 'pending' }, { name: 'restore-priority:cache-2', state: 'pending' }] },
    }, { now: later, redis: [pod(0, 0), pod(1, 0), pod(2, 0, { priority: 1 })] }));
    assert.equal(p.status.operation, undefined);
    assert.equal(p.status.failover?.result, 'Failed');
    assert.match(p.status.failover?.message ?? '', /gave up after 60 s at step priority:cache-2/);
    assert.deepEqual(p.actions.map((a) => [a.type, a['pod'], a['priority']]), [['set-priority', 'cache-2', 100]]);
  });

  it('waits for a running rolling restart before starting', () => {
    const p = plan(observed('cache-1', { operation: { id: 'rolling-restart-r2', type: 'RollingRestart', params: {}, startedAt: NOW, steps: [{ name: 'restart:cache-1', state: 'pending' }] } }, { redis: [pod(0, 0), pod(1, 0, { revision: 'r0' }), pod(2, 0)] }));
    assert.equal(p.status.operation?.type, 'RollingRestart');
    assert.equal(p.status.failover?.result, 'Running');
    assert.match(p.status.failover?.message ?? '', /RollingRestart/);
  });
});
