import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClusterNodes } from './cluster-nodes.js';
import { objectRef, type NodeView, type Observed, type ObservedPod } from './observe.js';
import { plan } from './plan.js';
import { renderAll } from './render.js';
import { renderHashOf } from '../framework/render-hash.js';
import { decideScale, scaleStepActions } from './scale.js';
import { resolveSpec, type RedisCluster } from './types.js';

const id = (i: number): string => `${String(i).repeat(8)}${'a'.repeat(32)}`;
const ip = (i: number): string => `10.0.0.${10 + i}`;
const mkRc = (masters: number, generation = 2): RedisCluster => ({
  apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster',
  metadata: { name: 'rc', namespace: 'default', uid: 'u1', generation },
  spec: { masters, replicasPerMaster: 1 },
});
const pod = (i: number): ObservedPod => ({ name: `rc-${i}`, ordinal: i, nodeName: `n${(i % 3) + 1}`, ip: ip(i), phase: 'Running', ready: true, deleting: false });

type Topo = Record<number, { master?: number; slots?: string }>;
/** 3x1 formed (0,1,2 masters) plus two met, empty masters 6 and 7. */
const grown: Topo = { 0: { slots: '0-5460' }, 1: { slots: '5461-10922' }, 2: { slots: '10923-16383' }, 3: { master: 1 }, 4: { master: 2 }, 5: { master: 0 }, 6: {}, 7: {} };
/** 4x1 formed: 6 owns the top quarter, 7 replicates 6, 3 replicates 6 too (a kept replica of a removed master). */
const four: Topo = { 0: { slots: '0-4095' }, 1: { slots: '4096-8191' }, 2: { slots: '8192-12287' }, 6: { slots: '12288-16383' }, 3: { master: 6 }, 4: { master: 2 }, 5: { master: 0 }, 7: { master: 1 } };

function views(topo: Topo): NodeView[] {
  const all = Object.keys(topo).map(Number);
  return all.map((self): NodeView => {
    const text = all.map((i) => {
      const t = topo[i]!;
      const flags = [...(i === self ? ['myself'] : []), t.master === undefined ? 'master' : 'slave'].join(',');
      return `${id(i)} ${ip(i)}:6379@16379 ${flags} ${t.master === undefined ? '-' : id(t.master)} 0 0 ${i + 1} connected${t.slots ? ` ${t.slots}` : ''}`;
    }).join('\n');
    return { pod: `rc-${self}`, ip: ip(self), id: id(self), nodes: parseClusterNodes(text), clusterInfo: { cluster_state: 'ok', cluster_slots_assigned: '16384' }, replication: topo[self]!.master === undefined ? { role: 'master' } : { role: 'slave', master_link_status: 'up' } as Record<string, string> };
  });
}

function observed(rc: RedisCluster, topo: Topo, extra: Partial<Observed> = {}): Observed {
  const pods = Object.keys(topo).map(Number).sort((a, b) => a - b).map(pod);
  return { rc, spec: resolveSpec(rc), existing: renderAll(rc).map(objectRef), hashes: Object.fromEntries(renderAll(rc).map((x) => [objectRef(x), renderHashOf(x)])), antiAffinity: 'preferred', passwordMissing: false, pods, views: views(topo), nodeCount: 3, statefulSetReplicas: pods.length, now: '2024-01-01T00:00:00Z', ...extra };
}

describe('RedisCluster scale', () => {
  it('masters 3 -> 4: the StatefulSet grows first', () => {
    const o = observed(mkRc(4), { 0: grown[0]!, 1: grown[1]!, 2: grown[2]!, 3: grown[3]!, 4: grown[4]!, 5: grown[5]! }, { statefulSetReplicas: 6 });
    const p = plan(o);
    assert.deepEqual(p.actions.map((a) => [a.type, a['replicas']]), [['ScaleStatefulSet', 8]]);
    assert.equal(p.status.operation, undefined);
  });

  it('masters 3 -> 4 with every pod up: a ScaleOut with meet, replicate on another node, and even slot moves', () => {
    const p = plan(observed(mkRc(4), grown));
    const op = p.status.operation!;
    assert.equal(op.type, 'ScaleOut');
    assert.deepEqual(op.steps.map((s) => s.name), [
      'meet:rc-6', 'meet:rc-7', 'wait-known', 'replicate:rc-7',
      'migrate:rc-0->rc-6:4096-5460', 'migrate:rc-1->rc-6:9557-10922', 'migrate:rc-2->rc-6:15019-16383',
    ]);
    assert.equal(p.actions[0]!.type, 'StartOperation');
    const migrate = p.actions.find((a) => a['step'] === 'migrate:rc-1->rc-6:9557-10922')!;
    assert.deepEqual([migrate['sourceIp'], migrate['sourceId'], migrate['targetIp'], migrate['targetId']], [ip(1), id(1), ip(6), id(6)]);
    assert.deepEqual(migrate['otherMasterIps'], [ip(0), ip(2), ip(7)]);
    const rep = p.actions.find((a) => a['step'] === 'replicate:rc-7')!;
    assert.equal(rep['masterId'], id(6));
  });

  it('a running ScaleOut resumes at its first step not done; all done -> FinishOperation', () => {
    const op = plan(observed(mkRc(4), grown)).status.operation!;
    const half = { ...op, steps: op.steps.map((s, i) => (i < 5 ? { ...s, state: 'done' as const } : s)) };
    const rc = { ...mkRc(4), status: { operation: half } };
    const p = plan(observed(rc, grown));
    assert.deepEqual(p.actions.map((a) => a['step']), op.steps.slice(5).map((s) => s.name));
    const done = { ...op, steps: op.steps.map((s) => ({ ...s, state: 'done' as const })) };
    assert.deepEqual(plan(observed({ ...mkRc(4), status: { operation: done } }, grown)).actions.map((a) => a.type), ['FinishOperation']);
  });

  it('no scale while a pod does not answer or the cluster is not ok', () => {
    const o = observed(mkRc(4), grown);
    assert.match(JSON.stringify(decideScale({ ...o, views: o.views.slice(0, 7) }, 2)), /waiting for 8 pods/);
    const bad = o.views.map((v) => (v.pod === 'rc-2' ? { ...v, clusterInfo: { cluster_state: 'fail' } } : v));
    assert.match(JSON.stringify(decideScale({ ...o, views: bad }, 2)), /cluster_state ok/);
  });

  it('masters 4 -> 3: slots leave the removed master, its kept replica is re-pointed, forget and reset before the shrink', () => {
    const p = plan(observed(mkRc(3), four));
    const op = p.status.operation!;
    assert.equal(op.type, 'ScaleIn');
    assert.deepEqual(op.steps.map((s) => s.name), [
      'migrate:rc-6->rc-0:12288-13653', 'migrate:rc-6->rc-1:13654-15018', 'migrate:rc-6->rc-2:15019-16383',
      'repoint:rc-3', 'forget:rc-6', 'forget:rc-7', 'reset:rc-6', 'reset:rc-7', 'shrink', 'wait-gone',
    ]);
    const forget = p.actions.find((a) => a['step'] === 'forget:rc-6')!;
    assert.equal(forget['id'], id(6));
    assert.deepEqual((forget['targets'] as Array<{ pod: string }>).map((t) => t.pod), ['rc-0', 'rc-1', 'rc-2', 'rc-3', 'rc-4', 'rc-5']);
    const repoint = p.actions.find((a) => a['step'] === 'repoint:rc-3')!;
    assert.notEqual(repoint['masterId'], id(6));
    assert.equal(p.actions.find((a) => a['step'] === 'shrink')!['replicas'], 6);
    assert.deepEqual(p.actions.find((a) => a['step'] === 'wait-gone')!['left'], ['rc-6', 'rc-7']);
  });

  it('scale-in waits when too few kept pods are masters', () => {
    const swapped: Topo = { ...four, 2: { master: 7 }, 7: { slots: '8192-12287' } };
    const d = decideScale(observed(mkRc(3), swapped), 3);
    assert.ok(d && 'waitingFor' in d && /only 2 of the kept pods are masters/.test(d.waitingFor), JSON.stringify(d));
  });

  it('step actions carry no password', () => {
    const o = observed(mkRc(3), four);
    const op = plan(o).status.operation!;
    assert.ok(!JSON.stringify(scaleStepActions(op, o)).includes('password'));
  });
});
