import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../client/index.js';
import { formatLag, formatSlots, isRedisKind, redisTopologySection } from './describe-redis.js';

const cluster: JsonObject = {
  apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster', metadata: { name: 'rc' },
  status: {
    clusterState: 'ok', slotsAssigned: 16384,
    nodes: [
      { pod: 'rc-0', nodeName: 'node-1', id: 'aaa', role: 'master', slots: ['0-5460'], linkStatus: 'connected', replOffset: 1000 },
      { pod: 'rc-1', nodeName: 'node-2', id: 'bbb', role: 'master', slots: ['5461-10922'], linkStatus: 'connected' },
      { pod: 'rc-2', nodeName: 'node-3', id: 'ccc', role: 'master', slots: ['10923-16383'], linkStatus: 'connected' },
      { pod: 'rc-3', nodeName: 'node-2', id: 'ddd', role: 'replica', masterId: 'aaa', linkStatus: 'up', replOffset: 900 },
      { pod: 'rc-4', id: 'eee', role: 'replica', masterPod: 'rc-1', linkStatus: 'down' },
      { pod: 'rc-5', role: 'unknown', error: 'connect ECONNREFUSED' },
    ],
  },
};

const replication: JsonObject = {
  apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisReplication', metadata: { name: 'cache' },
  status: {
    master: 'cache-1',
    replicas: [
      { pod: 'cache-0', nodeName: 'node-1', role: 'replica', linkStatus: 'up', offset: 4000 },
      { pod: 'cache-1', nodeName: 'node-2', role: 'master', offset: 4242 },
      { pod: 'cache-2', role: 'unreachable' },
    ],
    sentinels: [{ pod: 'cache-sentinel-0', reachable: true, master: 'cache-1' }, { pod: 'cache-sentinel-1', reachable: false }],
  },
};

const rowOf = (text: string, pod: string): string[] => {
  const line = text.split('\n').find((l) => l.trim().split(/\s+/).length >= 5 && l.trim().split(/\s+/)[1] === pod);
  assert.ok(line, `a row for ${pod} in:\n${text}`);
  return line.trim().split(/\s+/);
};

describe('redisTopologySection', () => {
  it('RedisCluster: node, pod, role, master, slots with counts, link, lag from offsets', () => {
    const text = redisTopologySection(cluster);
    assert.match(text, /^Topology:\n {2}Cluster state: ok, slots assigned: 16384\/16384\n {2}NODE\s+POD\s+ROLE\s+MASTER\s+SLOTS\s+LINK\s+LAG\n/);
    assert.deepEqual(rowOf(text, 'rc-0'), ['node-1', 'rc-0', 'master', '-', '0-5460', '(5461)', 'connected', '0']);
    assert.deepEqual(rowOf(text, 'rc-3'), ['node-2', 'rc-3', 'replica', 'rc-0', '-', 'up', '100']);
    assert.deepEqual(rowOf(text, 'rc-4'), ['-', 'rc-4', 'replica', 'rc-1', '-', 'down', '-']);
    assert.deepEqual(rowOf(text, 'rc-5'), ['-', 'rc-5', 'unknown', '-', '-', 'error', '-']);
    assert.ok(!text.includes('Sentinels:'));
  });

  it('RedisReplication: the master, each pod\'s link and lag, and the Sentinels', () => {
    const text = redisTopologySection(replication);
    assert.match(text, /^Topology:\n {2}Master: cache-1\n/);
    assert.ok(!/SLOTS/.test(text), 'no slot column for replication');
    assert.deepEqual(rowOf(text, 'cache-0'), ['node-1', 'cache-0', 'replica', 'cache-1', 'up', '242']);
    assert.deepEqual(rowOf(text, 'cache-1'), ['node-2', 'cache-1', 'master', '-', '-', '0']);
    assert.deepEqual(rowOf(text, 'cache-2'), ['-', 'cache-2', 'unreachable', '-', '-', '-']);
    assert.match(text, /Sentinels:\n {2}SENTINEL\s+REACHABLE\s+MASTER\n {2}cache-sentinel-0\s+yes\s+cache-1\n {2}cache-sentinel-1\s+no\s+-\n$/);
  });

  it('says so before any pod is observed, and is empty for other kinds', () => {
    assert.equal(redisTopologySection({ apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster', metadata: { name: 'x' } }), 'Topology:\n  <no Redis pod observed yet>\n');
    assert.equal(redisTopologySection({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }), '');
    assert.equal(isRedisKind({ apiVersion: 'example.com/v1', kind: 'RedisCluster' }), false);
  });

  it('formats slot ranges and lag', () => {
    assert.equal(formatSlots(['0-5460', '16383']), '0-5460,16383 (5462)');
    assert.equal(formatSlots([]), '-');
    assert.equal(formatLag({ role: 'replica', offset: 10, masterOffset: 5 }), '0', 'a replica ahead of a stale master offset is not negative');
    assert.equal(formatLag({ role: 'replica' }), '-');
  });
});
