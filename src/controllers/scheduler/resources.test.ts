import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultMemoryRequest, filterResources, podRequests, scoreLeastAllocated } from './resources.js';
import { buildNodeInfo } from './snapshot.js';
import { node, pod } from './test-fixtures.js';

describe('resource requests', () => {
  it('adds containers, takes the max of init containers, adds sidecars and overhead', () => {
    const p = pod('p', {
      spec: {
        containers: [
          { name: 'a', resources: { requests: { cpu: '250m', memory: '256Mi' } } },
          { name: 'b', resources: { requests: { cpu: '250m', memory: '256Mi' } } },
        ],
        initContainers: [
          { name: 'init-big', resources: { requests: { cpu: '2', memory: '64Mi' } } },
          { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
          { name: 'init-after-sidecar', resources: { requests: { memory: '1Gi' } } },
        ],
        overhead: { cpu: '10m' },
      },
    });
    const r = podRequests(p);
    // cpu: max(500m + 100m sidecar, init 2000m) + 10m overhead
    assert.equal(r['cpu'], 2010);
    // memory: max(512Mi, 1Gi init after the sidecar)
    assert.equal(r['memory'], 1024 ** 3);
  });

  it('uses 100m / 200Mi for containers that request nothing, for scoring only', () => {
    assert.deepEqual(podRequests(pod('p')), {});
    assert.deepEqual(podRequests(pod('p'), true), { cpu: 100, memory: defaultMemoryRequest });
  });

  it('rejects a node without room, naming each short resource', () => {
    const n = buildNodeInfo(node('n1', { cpu: '1', memory: '1Gi', pods: '2' }), [pod('a', { nodeName: 'n1', cpu: '600m', memory: '512Mi' })]);
    assert.equal(filterResources(pod('p', { cpu: '400m', memory: '512Mi' }), n), undefined);
    assert.deepEqual(filterResources(pod('p', { cpu: '500m', memory: '513Mi' }), n), ['Insufficient cpu', 'Insufficient memory']);
    const full = buildNodeInfo(node('n1', { pods: '1' }), [pod('a', { nodeName: 'n1' })]);
    assert.deepEqual(filterResources(pod('p'), full), ['Too many pods']);
    assert.deepEqual(filterResources(pod('p', { spec: { containers: [{ name: 'c', resources: { requests: { 'nvidia.com/gpu': '1' } } }] } }), n), ['Insufficient nvidia.com/gpu']);
  });

  it('scores emptier nodes higher', () => {
    const empty = buildNodeInfo(node('n1', { cpu: '1', memory: '1Gi' }), []);
    const busy = buildNodeInfo(node('n2', { cpu: '1', memory: '1Gi' }), [pod('a', { nodeName: 'n2', cpu: '500m', memory: '512Mi' })]);
    const p = pod('p', { cpu: '100m', memory: '128Mi' });
    assert.equal(scoreLeastAllocated(p, empty), 88); // (cpu 90 + memory 87) / 2, integer parts
    assert.ok(scoreLeastAllocated(p, busy) < scoreLeastAllocated(p, empty));
  });
});
