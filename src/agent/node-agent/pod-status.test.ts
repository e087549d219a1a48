import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPodStatus, statusHeld, type ObservedPod } from './pod-status.js';

const observed: ObservedPod = {
  sandboxReady: true,
  hostIP: '127.0.0.1',
  podIP: '10.0.0.5',
  startTime: '2026-01-01T00:00:00Z',
  initContainers: [],
  containers: [{ name: 'c', image: 'redis', imageID: 'ordinal-host://redis', containerID: 'ordinal://x', state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, ready: true, restartCount: 0, started: true }],
  initDone: true,
};
const pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'redis' }] }, status: {} };

/** What the API stores after a merge patch of `status`: nulls removed. */
const stored = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x === null ? undefined : x)));

describe('pod status: is it held by the API already', () => {
  it('a status posted once is held: the nulls a merge patch removes are no difference', () => {
    const status = buildPodStatus(pod, observed, new Date('2026-01-01T00:00:01Z'));
    assert.ok(status['conditions'].some((c: Record<string, unknown>) => c['lastProbeTime'] === null));
    const after = stored(status) as Record<string, unknown>;
    assert.equal(statusHeld(status, after), true);
    // and the next sync, computed from the stored pod, posts nothing either
    const again = buildPodStatus({ ...pod, status: after }, observed, new Date('2026-01-01T00:00:09Z'));
    assert.equal(statusHeld(again, after), true);
  });

  it('a real change is not held', () => {
    const status = buildPodStatus(pod, observed, new Date('2026-01-01T00:00:01Z'));
    const after = stored(status) as Record<string, unknown>;
    const notReady = buildPodStatus({ ...pod, status: after }, { ...observed, containers: [{ ...observed.containers[0]!, ready: false }] }, new Date('2026-01-01T00:00:05Z'));
    assert.equal(statusHeld(notReady, after), false);
    assert.equal(statusHeld({ ...status, podIP: '10.0.0.6' }, after), false);
  });
});
