// Random histories (seeded) of scaling, template changes, partitions, failures, readiness flaps and
// deletions by others; the OrderedReady guarantees are checked on every plan, and every history
// must converge once the disturbances stop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/index.js';
import { FakeCluster } from './fake-cluster.js';
import { formatPlan } from './format-plan.js';
import { ordinalOf, parentAndOrdinal } from './pod-identity.js';
import { planStatefulSet } from './plan.js';
import { isHealthy, isUnavailable, podRevision } from './pod-state.js';
import { makeSet } from './test-fixtures.js';
import type { Observed, Plan } from './types.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function checkOrderedReady(observed: Observed, plan: Plan, now: Date): void {
  const set = observed.set;
  const start: number = set['spec'].ordinals?.start ?? 0;
  const replicas: number = set['spec'].replicas;
  const partition: number = set['spec'].updateStrategy.rollingUpdate?.partition ?? 0;
  const byOrdinal = new Map(observed.pods.map((p) => [ordinalOf(p), p] as [number, KubeObject]));
  const healthyBelow = (o: number) => [...Array(o - start).keys()].every((i) => { const p = byOrdinal.get(start + i); return p !== undefined && isHealthy(p); });
  const why = () => formatPlan(plan);
  const creates = plan.actions.filter((a) => a.type === 'CreatePod');
  const deletes = plan.actions.filter((a) => a.type === 'DeletePod');
  assert.ok(creates.length <= 1, `one creation per sync\n${why()}`);
  assert.ok(deletes.length <= 1, `one deletion per sync\n${why()}`);
  assert.ok(creates.length + deletes.length <= 1, `never create and delete in one sync\n${why()}`);
  for (const a of creates) if (a.type === 'CreatePod') assert.ok(healthyBelow(a.ordinal), `${a.pod} created before its predecessors are Ready\n${why()}`);
  for (const a of deletes) {
    if (a.type !== 'DeletePod') continue;
    const o = parentAndOrdinal(a.pod).ordinal;
    if (a.reason === 'ScaleDown') assert.ok(healthyBelow(start + replicas), `scale down of ${a.pod} while a pod in range is unhealthy\n${why()}`);
    if (a.reason === 'Update') {
      assert.ok(o >= start + partition, `${a.pod} updated below the partition\n${why()}`);
      const inRange = observed.pods.filter((p) => ordinalOf(p) >= start && ordinalOf(p) < start + replicas);
      assert.equal(inRange.length, replicas, `update while a pod is missing\n${why()}`);
      assert.ok(inRange.every((p) => !isUnavailable(p, 0, now)), `update while a pod is unavailable\n${why()}`);
    }
  }
}

function disturb(c: FakeCluster, rnd: () => number): void {
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rnd() * xs.length)];
  const pods = [...c.pods.values()];
  const r = rnd();
  const pod = pick(pods);
  const name: string | undefined = pod?.['metadata'].name;
  const live = name !== undefined && !pod?.['metadata'].deletionTimestamp;
  if (r < 0.3) {
    for (const p of pods) if (p['status'].phase === 'Pending' && rnd() < 0.7) c.setRunning(p['metadata'].name);
  } else if (r < 0.4) {
    for (const p of pods) if (p['metadata'].deletionTimestamp) c.finishDeletion(p['metadata'].name);
  } else if (r < 0.47) c.updateSpec({ replicas: Math.floor(rnd() * 5) });
  else if (r < 0.52) c.setImage(`nginx:${1 + Math.floor(rnd() * 3)}`);
  else if (r < 0.56) c.updateSpec({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: Math.floor(rnd() * 3) } } });
  else if (r < 0.6 && live) c.setRunning(name, false);
  else if (r < 0.63 && live) c.setPhase(name, rnd() < 0.5 ? 'Failed' : 'Succeeded');
  else if (r < 0.66 && name) c.deletePod(name);
}

for (const policy of ['OrderedReady', 'Parallel']) {
  describe(`random histories (${policy})`, () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      it(`seed ${seed}: invariants hold on every plan and the set converges`, () => {
        const rnd = random(seed);
        const c = new FakeCluster(makeSet({ podManagementPolicy: policy, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: seed % 2 ? 'Delete' : 'Retain' } }));
        c.graceful = true;
        for (let step = 0; step < 300; step++) {
          disturb(c, rnd);
          if (rnd() < 0.5) c.collectGarbage();
          const observed = deepFreeze(structuredClone(c.observed()));
          const plan = planStatefulSet(observed, c.now);
          assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan, 'plans are plain JSON');
          if (policy === 'OrderedReady') checkOrderedReady(observed, plan, c.now);
          c.apply(plan);
        }
        // As in Kubernetes, OrderedReady never scales down past an unhealthy pod that is not the
        // lowest one: finished condemned pods would block forever, so the operator deletes them.
        for (const p of c.pods.values()) if (['Failed', 'Succeeded'].includes(p['status'].phase)) c.deletePod(p['metadata'].name);
        c.settle(100);
        const replicas: number = c.set['spec'].replicas;
        const partition: number = c.set['spec'].updateStrategy.rollingUpdate?.partition ?? 0;
        assert.deepEqual(c.podNames(), [...Array(replicas).keys()].map((i) => `web-${i}`).sort());
        for (const p of c.pods.values()) {
          if (ordinalOf(p) >= partition) assert.equal(podRevision(p), c.set['status'].updateRevision, `${p['metadata'].name} is updated`);
          assert.ok(c.claims.has(`www-${p['metadata'].name}`), `claim of ${p['metadata'].name}`);
        }
        assert.equal(c.set['status'].readyReplicas, replicas);
        assert.ok(c.revisions.size <= 11, 'history is trimmed');
      });
    }
  });
}

describe('purity', () => {
  it('the planner never mutates what it observed', () => {
    const c = new FakeCluster(makeSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
    c.settle();
    c.updateSpec({ replicas: 1 });
    c.setImage('nginx:2');
    c.pods.get('web-0')!['metadata'].labels = { app: 'web' }; // identity repair
    c.pods.get('web-2')!['metadata'].ownerReferences = []; // adoption
    assert.doesNotThrow(() => planStatefulSet(deepFreeze(structuredClone(c.observed())), c.now));
  });
});
