import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pod, running, statefulSet, tracked, view, waiting } from './fixtures.test-util.js';
import { diffProgress, emptyProgress } from './progress.js';
import { podStatusText } from './pod-status.js';
import { isAllReady, isEmpty, trackedFrom } from './tracked.js';

const webSet = tracked({ statefulSets: [{ namespace: 'default', name: 'web' }] });

describe('podStatusText', () => {
  it('reads like the STATUS column of kubectl get pods', () => {
    assert.equal(podStatusText(pod('a')), 'Pending');
    assert.equal(podStatusText(pod('a', { node: 'node-1' })), 'Scheduled');
    assert.equal(podStatusText(pod('a', { node: 'node-1', containers: [waiting('ContainerCreating')] })), 'ContainerCreating');
    assert.equal(podStatusText(pod('a', { node: 'node-1', phase: 'Running', containers: [running(false)] })), 'Running');
    assert.equal(podStatusText(pod('a', { node: 'node-1', phase: 'Running', ready: true, containers: [running(true)] })), 'Ready');
    assert.equal(podStatusText(pod('a', { node: 'node-1', phase: 'Running', containers: [{ name: 'app', state: { terminated: { exitCode: 2 } } }] })), 'ExitCode:2');
    const gone = pod('a');
    gone['metadata'].deletionTimestamp = '2025-01-01T00:00:00Z';
    assert.equal(podStatusText(gone), 'Terminating');
  });
});

describe('diffProgress', () => {
  it('prints a line for each change and calls new states and more ready pods progress', () => {
    const v1 = view({ statefulSets: [statefulSet('web', 2)], pods: [pod('web-0', { set: 'web' })] });
    const s1 = diffProgress(emptyProgress(), v1, webSet);
    assert.deepEqual(s1.lines, ['statefulset/web: 0/2 ready', 'pod/web-0: Pending']);
    assert.equal(s1.progressed, true);
    const again = diffProgress(s1.state, v1, webSet);
    assert.deepEqual(again.lines, []);
    assert.equal(again.progressed, false);
    const v2 = view({
      statefulSets: [statefulSet('web', 2, { replicas: 2, readyReplicas: 1 })],
      pods: [pod('web-0', { set: 'web', node: 'node-1', phase: 'Running', ready: true, containers: [running(true)] }), pod('web-1', { set: 'web', node: 'node-2' })],
    });
    const s2 = diffProgress(again.state, v2, webSet);
    assert.deepEqual(s2.lines, ['statefulset/web: 0/2 ready -> 1/2 ready', 'pod/web-0: Pending -> Ready', 'pod/web-1: Scheduled']);
    assert.equal(s2.progressed, true);
  });

  it('does not call a crash loop progress once its states have all been seen, but still shows restarts', () => {
    const at = (containers: ReturnType<typeof running>[], phase = 'Running') =>
      view({ statefulSets: [statefulSet('web', 1, { replicas: 1 })], pods: [pod('web-0', { set: 'web', node: 'node-1', phase, containers })] });
    let state = emptyProgress();
    const cycle = [[running(false, 0)], [waiting('CrashLoopBackOff', 'back-off', { restartCount: 1 })], [running(false, 1)], [waiting('CrashLoopBackOff', 'back-off', { restartCount: 2 })]];
    const progressed: boolean[] = [];
    const lines: string[] = [];
    for (const containers of cycle) {
      const step = diffProgress(state, at(containers), webSet);
      state = step.state;
      progressed.push(step.progressed);
      lines.push(...step.lines);
    }
    assert.deepEqual(progressed, [true, true, false, false]);
    assert.equal(lines.at(-1), 'pod/web-0: Running (1 restart) -> CrashLoopBackOff (2 restarts)');
  });

  it('says when a pod is deleted, and names pods outside default with their namespace', () => {
    const p = pod('db-0', { set: 'db' });
    p['metadata'].namespace = 'prod';
    const set = statefulSet('db', 1);
    set['metadata'].namespace = 'prod';
    const t = tracked({ statefulSets: [{ namespace: 'prod', name: 'db' }] });
    const s1 = diffProgress(emptyProgress(), view({ statefulSets: [set], pods: [p] }), t);
    assert.deepEqual(s1.lines, ['statefulset/prod/db: 0/1 ready', 'pod/prod/db-0: Pending']);
    const s2 = diffProgress(s1.state, view({ statefulSets: [set], pods: [] }), t);
    assert.deepEqual(s2.lines, ['pod/prod/db-0: deleted']);
  });
});

describe('ordinal kinds (their operator\'s Ready condition)', () => {
  const rdc = (ready: boolean, generation = 1, observed = 1): Record<string, unknown> => ({
    apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster', metadata: { name: 'cache', namespace: 'default', generation },
    status: { observedGeneration: observed, conditions: [ready ? { type: 'Ready', status: 'True', reason: 'ClusterOk', message: '3 masters' } : { type: 'Ready', status: 'False', reason: 'Bootstrapping', message: 'no slots assigned yet' }] },
  });
  const t = tracked({ operated: [{ namespace: 'default', name: 'cache', kind: 'RedisCluster', path: '/apis/ordinal.dev/v1alpha1/namespaces/default/redisclusters/cache' }] });

  it('shows what the operator waits for, and is ready only when Ready is True for the current generation', () => {
    const s1 = diffProgress(emptyProgress(), view({ operated: [rdc(false)] }), t);
    assert.deepEqual(s1.lines, ['rediscluster/cache: Bootstrapping: no slots assigned yet']);
    assert.equal(isAllReady(view({ operated: [rdc(false)] }), t), false);
    assert.equal(isAllReady(view({ operated: [rdc(true, 2, 1)] }), t), false, 'Ready for an older generation');
    assert.equal(isAllReady(view({ operated: [] }), t), false, 'not there yet');
    const s2 = diffProgress(s1.state, view({ operated: [rdc(true)] }), t);
    assert.deepEqual(s2.lines, ['rediscluster/cache: Ready']);
    assert.equal(s2.progressed, true);
    assert.equal(isAllReady(view({ operated: [rdc(true)] }), t), true);
  });

  it('trackedFrom picks ordinal.dev objects with their API path', () => {
    const got = trackedFrom([{ resource: { group: 'ordinal.dev', version: 'v1alpha1', resource: 'redisclusters', namespaced: true, kind: 'RedisCluster' }, namespace: 'prod', name: 'cache' }]);
    assert.deepEqual(got.operated, [{ namespace: 'prod', name: 'cache', kind: 'RedisCluster', path: '/apis/ordinal.dev/v1alpha1/namespaces/prod/redisclusters/cache' }]);
    assert.equal(isEmpty(got), false);
  });
});
