import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podAffinityFilter, podMatchesTerm, scorePodAffinity } from './pod-affinity.js';
import { buildSnapshot } from './snapshot.js';
import { appTerm, node, pod } from './test-fixtures.js';

const nodes = [node('node-1'), node('node-2'), node('node-3')];

function antiAffine(name: string, nodeName?: string): ReturnType<typeof pod> {
  return pod(name, { labels: { app: 'zk' }, ...(nodeName ? { nodeName } : {}), spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [appTerm('zk')] } } } });
}

describe('inter-pod affinity', () => {
  it('required anti-affinity keeps matching pods apart', () => {
    const snap = buildSnapshot({ nodes, pods: [antiAffine('zk-0', 'node-1')] });
    const filter = podAffinityFilter(antiAffine('zk-1'), snap);
    assert.deepEqual(filter(snap.nodes[0]!), ["node(s) didn't match pod anti-affinity rules"]);
    assert.equal(filter(snap.nodes[1]!), undefined);
  });

  it("honours a placed pod's anti-affinity against a newcomer that has none", () => {
    const snap = buildSnapshot({ nodes, pods: [antiAffine('zk-0', 'node-1')] });
    const filter = podAffinityFilter(pod('intruder', { labels: { app: 'zk' } }), snap);
    assert.deepEqual(filter(snap.nodes[0]!), ["node(s) didn't satisfy existing pods anti-affinity rules"]);
    assert.equal(podAffinityFilter(pod('other', { labels: { app: 'web' } }), snap)(snap.nodes[0]!), undefined);
  });

  it('only counts pods in the namespaces of the term', () => {
    const snap = buildSnapshot({ nodes, pods: [pod('zk-0', { namespace: 'other', labels: { app: 'zk' }, nodeName: 'node-1' })], namespaces: [{ metadata: { name: 'other', labels: { team: 'a' } } }] });
    assert.equal(podAffinityFilter(antiAffine('zk-1'), snap)(snap.nodes[0]!), undefined);
    const t = { ...appTerm('zk'), namespaceSelector: { matchLabels: { team: 'a' } } };
    assert.ok(podMatchesTerm(snap.nodes[0]!.pods[0]!, t, 'default', snap.namespaceLabels));
    assert.ok(podMatchesTerm(snap.nodes[0]!.pods[0]!, { ...appTerm('zk'), namespaces: ['other'] }, 'default', snap.namespaceLabels));
    assert.ok(podMatchesTerm(snap.nodes[0]!.pods[0]!, { ...appTerm('zk'), namespaceSelector: {} }, 'default', snap.namespaceLabels), 'an empty namespaceSelector means all');
  });

  it('required affinity needs a matching pod in the domain, except for the first of a self-affine group', () => {
    const withCache = (name: string, nodeName?: string) =>
      pod(name, { labels: { app: 'cache' }, ...(nodeName ? { nodeName } : {}), spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [appTerm('cache')] } } } });
    const empty = buildSnapshot({ nodes, pods: [] });
    assert.equal(podAffinityFilter(withCache('c-0'), empty)(empty.nodes[1]!), undefined, 'first pod goes anywhere');
    const snap = buildSnapshot({ nodes, pods: [withCache('c-0', 'node-2')] });
    const f = podAffinityFilter(withCache('c-1'), snap);
    assert.deepEqual(f(snap.nodes[0]!), ["node(s) didn't match pod affinity rules"]);
    assert.equal(f(snap.nodes[1]!), undefined);
    const stranger = pod('s', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [appTerm('nothing')] } } } });
    assert.deepEqual(podAffinityFilter(stranger, empty)(empty.nodes[0]!), ["node(s) didn't match pod affinity rules"]);
  });

  it('preferred anti-affinity subtracts its weight per matching pod in the domain', () => {
    const preferApart = (name: string, nodeName?: string) =>
      pod(name, { labels: { app: 'redis' }, ...(nodeName ? { nodeName } : {}), spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: appTerm('redis') }] } } } });
    const snap = buildSnapshot({ nodes, pods: [preferApart('r-0', 'node-1'), preferApart('r-1', 'node-1'), preferApart('r-2', 'node-2')] });
    // both ways: the newcomer's term and each placed pod's term count
    assert.deepEqual(scorePodAffinity(preferApart('r-3'), snap.nodes, snap), [-400, -200, 0]);
  });
});
