import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { fitErrorMessage } from './fit-error.js';
import { schedulePod } from './schedule.js';
import { buildSnapshot, type SnapshotInput } from './snapshot.js';
import { appTerm, node, pod } from './test-fixtures.js';

const three = (): KubeObject[] => [node('node-1'), node('node-2'), node('node-3')];

/** Schedule pods one after another, placing each where the plan says (as binding would). */
function placeAll(input: SnapshotInput, pods: KubeObject[]): Record<string, string | undefined> {
  const placed: KubeObject[] = [...input.pods];
  const where: Record<string, string | undefined> = {};
  for (const p of pods) {
    const { plan } = schedulePod(p, buildSnapshot({ ...input, pods: placed }));
    where[p['metadata'].name] = plan.type === 'Bind' ? plan.node : undefined;
    if (plan.type === 'Bind') placed.push({ ...p, spec: { ...p['spec'], nodeName: plan.node }, status: { phase: 'Running' } });
  }
  return where;
}

function counts(where: Record<string, string | undefined>): Record<string, number> {
  const c: Record<string, number> = {};
  for (const n of Object.values(where)) if (n) c[n] = (c[n] ?? 0) + 1;
  return c;
}

describe('schedulePod', () => {
  it('seed 001: preferred anti-affinity (weight 100) spreads 6 redis-app pods 2-2-2 over 3 nodes', () => {
    const redis = (i: number) =>
      pod(`redis-app-${i}`, {
        labels: { app: 'redis', appCluster: 'redis-cluster' },
        cpu: '100m',
        memory: '100Mi',
        spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: appTerm('redis') }] } } },
      });
    const where = placeAll({ nodes: three(), pods: [] }, [0, 1, 2, 3, 4, 5].map(redis));
    assert.deepEqual(counts(where), { 'node-1': 2, 'node-2': 2, 'node-3': 2 });
    assert.equal(where['redis-app-0'], 'node-1', 'ties go to the first node by name');
    assert.notEqual(where['redis-app-0'], where['redis-app-1']);
  });

  it('required anti-affinity: the 4th pod on 3 nodes stays Pending with the reasons', () => {
    const zk = (i: number) => pod(`zk-${i}`, { labels: { app: 'zk' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [appTerm('zk')] } } } });
    const where = placeAll({ nodes: three(), pods: [] }, [0, 1, 2, 3].map(zk));
    assert.deepEqual(counts(where), { 'node-1': 1, 'node-2': 1, 'node-3': 1 });
    const placed = [0, 1, 2].map((i) => ({ ...zk(i), spec: { ...zk(i)['spec'], nodeName: where[`zk-${i}`] } }));
    const nodes = [node('node-1', { unschedulable: true }), node('node-2'), node('node-3')];
    const { plan } = schedulePod(zk(3), buildSnapshot({ nodes, pods: placed }));
    assert.deepEqual(plan, { type: 'Unschedulable', message: "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match pod anti-affinity rules." });
  });

  it('explains nodeSelector, taints and resources over capacity', () => {
    const nodes = [node('node-1', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }), node('node-2', { labels: { disk: 'ssd' } }), node('node-3', { cpu: '1' })];
    const bySelector = schedulePod(pod('p', { spec: { nodeSelector: { disk: 'hdd' } } }), buildSnapshot({ nodes, pods: [] })).plan;
    assert.deepEqual(bySelector, { type: 'Unschedulable', message: "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't match Pod's node affinity/selector." });
    const big = schedulePod(pod('p', { cpu: '8', memory: '64Gi' }), buildSnapshot({ nodes: [node('node-2'), node('node-3', { cpu: '1' })], pods: [] })).plan;
    assert.deepEqual(big, { type: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.' });
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } };
    assert.deepEqual(schedulePod(pod('p', { spec: { affinity } }), buildSnapshot({ nodes, pods: [] })).plan, { type: 'Bind', node: 'node-2' });
    assert.deepEqual(schedulePod(pod('p'), buildSnapshot({ nodes: [], pods: [] })).plan, { type: 'Unschedulable', message: 'no nodes available to schedule pods' });
  });

  it('prefers the node a preferred node affinity names, and the emptier node otherwise', () => {
    const nodes = [node('node-1'), node('node-2', { labels: { zone: 'b' } })];
    const affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] } }] } };
    assert.deepEqual(schedulePod(pod('p', { spec: { affinity } }), buildSnapshot({ nodes, pods: [] })).plan, { type: 'Bind', node: 'node-2' });
    const busy = [pod('a', { nodeName: 'node-1', cpu: '2', memory: '4Gi' })];
    assert.deepEqual(schedulePod(pod('p'), buildSnapshot({ nodes: [node('node-1'), node('node-2')], pods: busy })).plan, { type: 'Bind', node: 'node-2' });
  });

  it('fails loudly on a reason histogram the kube way (sorted "N reason" strings)', () => {
    const reasons = new Map([['a', ['Insufficient cpu']], ['b', ['Insufficient cpu', 'Too many pods']], ['c', ['node(s) were unschedulable']]]);
    assert.equal(fitErrorMessage(3, reasons), '0/3 nodes are available: 1 Too many pods, 1 node(s) were unschedulable, 2 Insufficient cpu.');
  });
});

describe('schedulePod with volumes', () => {
  const claim = (name: string, spec: KubeObject, annotations?: Record<string, string>): KubeObject => ({ metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) }, spec });
  const withClaim = (name: string) => pod('db-0', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: name } }] } });
  const classes = [
    { metadata: { name: 'local-path' }, provisioner: 'ordinal.dev/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
    { metadata: { name: 'fast' }, provisioner: 'ordinal.dev/ceph-rbd', volumeBindingMode: 'Immediate' },
  ];

  it('waits for a claim that does not exist or is unbound with Immediate binding', () => {
    const missing = schedulePod(withClaim('data-db-0'), buildSnapshot({ nodes: three(), pods: [], classes }));
    assert.deepEqual(missing.plan, { type: 'Unschedulable', message: '0/3 nodes are available: persistentvolumeclaim "data-db-0" not found.' });
    const claims = [claim('data-db-0', { storageClassName: 'fast' })];
    const immediate = schedulePod(withClaim('data-db-0'), buildSnapshot({ nodes: three(), pods: [], classes, claims }));
    assert.deepEqual(immediate.plan, { type: 'Unschedulable', message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.' });
  });

  it('selects a node for an unbound WaitForFirstConsumer claim, then keeps it until the claim binds', () => {
    const first = schedulePod(withClaim('data-db-0'), buildSnapshot({ nodes: three(), pods: [], classes, claims: [claim('data-db-0', { storageClassName: 'local-path' })] }));
    assert.deepEqual(first.plan, { type: 'AwaitVolumes', node: 'node-1', annotate: ['data-db-0'], waitingFor: ['data-db-0'] });
    const busy = [pod('other', { nodeName: 'node-3', cpu: '1' })];
    const annotated = [claim('data-db-0', { storageClassName: 'local-path' }, { 'volume.kubernetes.io/selected-node': 'node-3' })];
    const again = schedulePod(withClaim('data-db-0'), buildSnapshot({ nodes: three(), pods: busy, classes, claims: annotated }));
    assert.deepEqual(again.plan, { type: 'AwaitVolumes', node: 'node-3', annotate: [], waitingFor: ['data-db-0'] });
    const cordoned = [node('node-1'), node('node-2'), node('node-3', { unschedulable: true })];
    const moved = schedulePod(withClaim('data-db-0'), buildSnapshot({ nodes: cordoned, pods: [], classes, claims: annotated }));
    assert.deepEqual(moved.plan, { type: 'AwaitVolumes', node: 'node-1', annotate: ['data-db-0'], waitingFor: ['data-db-0'] });
  });

  it("binds a pod with a bound claim only where the volume's node affinity allows", () => {
    const pv = {
      metadata: { name: 'pvc-1' },
      spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }] }] } } },
    };
    const claims = [claim('data-db-0', { storageClassName: 'local-path', volumeName: 'pvc-1' })];
    const ok = schedulePod(withClaim('data-db-0'), buildSnapshot({ nodes: three(), pods: [], classes, claims, volumes: [pv] }));
    assert.deepEqual(ok.plan, { type: 'Bind', node: 'node-2' });
    const nodes = [node('node-1'), node('node-2', { unschedulable: true }), node('node-3')];
    const stuck = schedulePod(withClaim('data-db-0'), buildSnapshot({ nodes, pods: [], classes, claims, volumes: [pv] }));
    assert.deepEqual(stuck.plan, { type: 'Unschedulable', message: '0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had volume node affinity conflict.' });
  });

  it('needs an Available local volume on the node for a class without a provisioner', () => {
    const cls = [{ metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' }];
    const claims = [claim('data-db-0', { storageClassName: 'local', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } })];
    const pv = (name: string, host: string, size: string) => ({
      metadata: { name },
      spec: { storageClassName: 'local', capacity: { storage: size }, accessModes: ['ReadWriteOnce'], nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }] } } },
      status: { phase: 'Available' },
    });
    const r = schedulePod(withClaim('data-db-0'), buildSnapshot({ nodes: three(), pods: [], classes: cls, claims, volumes: [pv('small', 'node-1', '500Mi'), pv('big', 'node-3', '2Gi')] }));
    assert.deepEqual(r.plan, { type: 'AwaitVolumes', node: 'node-3', annotate: ['data-db-0'], waitingFor: ['data-db-0'] });
    assert.deepEqual(r.reasons.get('node-1'), ["node(s) didn't find available persistent volumes to bind"]);
  });
});
