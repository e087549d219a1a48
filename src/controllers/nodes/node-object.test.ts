import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostFacts } from './host-facts.js';
import { lastHeartbeat, missingLabels, newNode, nodeConditions, nodeLease, nodeStatus, statusDrifted, virtualNodeNames } from './node-object.js';

const facts: HostFacts = { cpus: 8, memoryBytes: 16 * 1024 ** 3, ephemeralStorageBytes: 100 * 1024 ** 3, kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)', architecture: 'amd64' };

describe('virtual node objects', () => {
  it('names node-1..node-N and labels them like a kubelet', () => {
    assert.deepEqual(virtualNodeNames(3), ['node-1', 'node-2', 'node-3']);
    const n = newNode('node-2', facts);
    assert.equal(n['metadata'].labels['kubernetes.io/hostname'], 'node-2');
    assert.equal(n['metadata'].labels['kubernetes.io/os'], 'linux');
    assert.deepEqual(n['spec'], {});
  });

  it('advertises the host as capacity = allocatable', () => {
    const s = nodeStatus('node-1', facts, undefined, new Date('2025-01-01T00:00:00Z'));
    assert.deepEqual(s['capacity'], { cpu: '8', memory: `${16 * 1024 * 1024}Ki`, pods: '110', 'ephemeral-storage': `${100 * 1024 * 1024}Ki` });
    assert.deepEqual(s['allocatable'], s['capacity']);
    assert.equal(s['nodeInfo'].architecture, 'amd64');
    const ready = s['conditions'].find((c: { type: string }) => c.type === 'Ready');
    assert.deepEqual(ready, { type: 'Ready', status: 'True', lastHeartbeatTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
  });

  it('keeps lastTransitionTime across heartbeats while the status holds', () => {
    const first = { status: nodeStatus('node-1', facts, undefined, new Date('2025-01-01T00:00:00Z')) };
    const later = nodeConditions(first, new Date('2025-01-01T00:05:00Z'));
    const ready = later.find((c) => c['type'] === 'Ready')!;
    assert.equal(ready['lastTransitionTime'], '2025-01-01T00:00:00Z');
    assert.equal(ready['lastHeartbeatTime'], '2025-01-01T00:05:00Z');
    assert.equal(lastHeartbeat({ status: { conditions: later } }), Date.parse('2025-01-01T00:05:00Z'));
    const silent = nodeConditions({ status: { conditions: later } }, new Date('2025-01-01T00:10:00Z'), false).find((c) => c['type'] === 'Ready')!;
    assert.deepEqual([silent['status'], silent['reason'], silent['lastTransitionTime']], ['Unknown', 'NodeStatusUnknown', '2025-01-01T00:10:00Z']);
  });

  it('notices drift in capacity or conditions, and missing labels, but leaves the user alone', () => {
    const node = { metadata: { name: 'node-1', labels: { ...newNode('node-1', facts)['metadata'].labels, team: 'db' } }, spec: { unschedulable: true }, status: nodeStatus('node-1', facts, undefined, new Date()) };
    assert.equal(statusDrifted(node, facts), false);
    assert.equal(statusDrifted(node, { ...facts, cpus: 4 }), true);
    assert.equal(missingLabels(node, facts), undefined);
    const stripped = { ...node, metadata: { name: 'node-1', labels: { team: 'db' } } };
    assert.equal(missingLabels(stripped, facts)?.['kubernetes.io/hostname'], 'node-1');
  });

  it('makes a Lease owned by its Node, renewed in microseconds', () => {
    const lease = nodeLease('node-1', 'u1', new Date('2025-01-01T00:00:00.123Z'));
    assert.equal(lease['metadata'].namespace, 'kube-node-lease');
    assert.equal(lease['spec'].renewTime, '2025-01-01T00:00:00.123000Z');
    assert.equal(lease['metadata'].ownerReferences[0].uid, 'u1');
  });
});
