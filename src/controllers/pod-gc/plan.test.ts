import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { planPodGc } from './plan.js';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const oos = { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' };
const node = (ready: string, taints: KubeObject[] = []): KubeObject => ({ metadata: { name: 'node-2' }, spec: { taints }, status: { conditions: [{ type: 'Ready', status: ready }] } });
const pod = (meta: KubeObject = {}, nodeName: string | null = 'node-2'): KubeObject => ({ metadata: { namespace: 'db', name: 'p', ...meta }, spec: nodeName ? { nodeName } : {} });
const terminating = { deletionTimestamp: '2025-01-01T00:00:00Z' };

describe('pod GC plan', () => {
  it('force-deletes a terminating pod of a NotReady out-of-service node', () => {
    assert.deepEqual(planPodGc({ pod: pod(terminating), node: node('Unknown', [oos]), nodeMissingSinceMs: undefined }, t0, 40_000), { type: 'ForceDelete', why: 'OutOfService' });
  });

  it('keeps it while the node is Ready, untainted, or the pod is not terminating', () => {
    for (const [p, n] of [[pod(terminating), node('True', [oos])], [pod(terminating), node('Unknown')], [pod(), node('Unknown', [oos])]] as const) {
      assert.deepEqual(planPodGc({ pod: p, node: n, nodeMissingSinceMs: undefined }, t0, 40_000), { type: 'Keep' });
    }
  });

  it('does not force-delete again a pod held only by its finalizers', () => {
    const held = { ...terminating, deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] };
    assert.deepEqual(planPodGc({ pod: pod(held), node: node('Unknown', [oos]), nodeMissingSinceMs: undefined }, t0, 40_000), { type: 'Keep' });
    assert.deepEqual(planPodGc({ pod: pod(held), node: undefined, nodeMissingSinceMs: t0 - 60_000 }, t0, 40_000), { type: 'Keep' });
  });

  it('force-deletes a terminating pod that was never scheduled', () => {
    assert.deepEqual(planPodGc({ pod: pod(terminating, null), node: undefined, nodeMissingSinceMs: undefined }, t0, 40_000), { type: 'ForceDelete', why: 'Unscheduled' });
    assert.deepEqual(planPodGc({ pod: pod({}, null), node: undefined, nodeMissingSinceMs: undefined }, t0, 40_000), { type: 'Keep' });
  });

  it('an orphan waits out the quarantine, then is checked against the API', () => {
    assert.deepEqual(planPodGc({ pod: pod(), node: undefined, nodeMissingSinceMs: t0 }, t0 + 1000, 40_000), { type: 'CheckOrphanAt', atMs: t0 + 40_000 });
    assert.deepEqual(planPodGc({ pod: pod(), node: undefined, nodeMissingSinceMs: t0 }, t0 + 40_000, 40_000), { type: 'DeleteIfNodeGone' });
  });
});
