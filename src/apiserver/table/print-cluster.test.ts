import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTable } from './build-table.js';
import { ago, days, hours, minutes, now, resourceInfo } from './fixtures.js';
import type { KubeObject } from '../../store/types.js';

function table(resource: string, kind: string, objects: KubeObject[]) {
  return buildTable(resourceInfo('', resource, kind), objects, { includeObject: 'None', now });
}

test('nodes: status, roles, version and wide system info', () => {
  const node = {
    metadata: {
      name: 'node-1', creationTimestamp: ago(days(3)),
      labels: { 'kubernetes.io/hostname': 'node-1', 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': 'true', 'kubernetes.io/role': 'edge' },
    },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '192.168.1.10' }],
      nodeInfo: { kubeletVersion: 'v1.32.0-ordinal', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'ordinal://0.1.0' },
    },
  };
  assert.deepEqual(table('nodes', 'Node', [node]).rows[0]!.cells, [
    'node-1', 'Ready,SchedulingDisabled', 'control-plane,edge,worker', '3d', 'v1.32.0-ordinal',
    '192.168.1.10', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'ordinal://0.1.0',
  ]);
  const notReady = { metadata: { name: 'node-2' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } };
  assert.deepEqual(table('nodes', 'Node', [notReady]).rows[0]!.cells.slice(1, 3), ['NotReady', '<none>']);
  assert.deepEqual(table('nodes', 'Node', [{ metadata: { name: 'node-3' } }]).rows[0]!.cells.slice(1, 10), ['Unknown', '<none>', '<unknown>', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
});

test('events: Last Seen first, Name last, counts and sources', () => {
  const t = table('events', 'Event', [
    {
      metadata: { name: 'redis-0.17f9a3c2b1d4e5f6', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'redis-0', apiVersion: 'v1', fieldPath: 'spec.containers{redis}' },
      reason: 'BackOff', message: 'Back-off restarting failed container redis in pod redis-0_default(uid)\n', type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(minutes(12)), lastTimestamp: ago(minutes(2)), count: 7,
    },
    {
      metadata: { name: 'redis.17f9a3c2b1d4e5f7', namespace: 'default' },
      involvedObject: { kind: 'StatefulSet', name: 'redis' },
      reason: 'SuccessfulCreate', message: 'create Pod redis-0 in StatefulSet redis successful', type: 'Normal',
      eventTime: ago(hours(1)).replace('Z', '.123456Z'), reportingComponent: 'statefulset-controller', reportingInstance: '',
    },
    {
      metadata: { name: 'n.1' }, involvedObject: { kind: 'Node' }, reason: 'Rebooted', type: 'Warning',
      firstTimestamp: ago(days(2)), series: { count: 3, lastObservedTime: ago(minutes(1)) },
    },
  ]);
  assert.deepEqual(t.columnDefinitions.map((c) => `${c.name}:${c.priority}`), [
    'Last Seen:0', 'Type:0', 'Reason:0', 'Object:0', 'Subobject:1', 'Source:1', 'Message:0', 'First Seen:1', 'Count:1', 'Name:1',
  ]);
  assert.deepEqual(t.rows.map((r) => r.cells), [
    ['2m', 'Warning', 'BackOff', 'pod/redis-0', 'spec.containers{redis}', 'kubelet, node-1', 'Back-off restarting failed container redis in pod redis-0_default(uid)', '12m', 7, 'redis-0.17f9a3c2b1d4e5f6'],
    // eventTime is 59m59.877s ago: durations truncate.
    ['59m', 'Normal', 'SuccessfulCreate', 'statefulset/redis', '', 'statefulset-controller', 'create Pod redis-0 in StatefulSet redis successful', '59m', 1, 'redis.17f9a3c2b1d4e5f7'],
    ['60s', 'Warning', 'Rebooted', 'node', '', '<unknown>', '', '2d', 3, 'n.1'],
  ]);
});

test('namespaces and leases', () => {
  assert.deepEqual(table('namespaces', 'Namespace', [{ metadata: { name: 'default', creationTimestamp: ago(days(9)) }, status: { phase: 'Active' } }]).rows[0]!.cells, ['default', 'Active', '9d']);
  const lease = { metadata: { name: 'redis-operator', creationTimestamp: ago(hours(5)) }, spec: { holderIdentity: 'ordinal-7f9c_0b1d', leaseDurationSeconds: 15 } };
  const leases = buildTable(resourceInfo('coordination.k8s.io', 'leases', 'Lease'), [lease, { metadata: { name: 'free' } }], { includeObject: 'None', now });
  assert.deepEqual(leases.rows.map((r) => r.cells), [['redis-operator', 'ordinal-7f9c_0b1d', '5h'], ['free', '', '<unknown>']]);
});

test('secrets, configmaps and service accounts count their entries', () => {
  const at = ago(minutes(3));
  assert.deepEqual(table('secrets', 'Secret', [{ metadata: { name: 'redis-auth', creationTimestamp: at }, type: 'Opaque', data: { password: 'cGFzcw==', user: 'ZGVmYXVsdA==' } }]).rows[0]!.cells, ['redis-auth', 'Opaque', 2, '3m']);
  assert.deepEqual(table('secrets', 'Secret', [{ metadata: { name: 'tls' }, type: 'kubernetes.io/tls' }]).rows[0]!.cells.slice(0, 3), ['tls', 'kubernetes.io/tls', 0]);
  assert.deepEqual(table('configmaps', 'ConfigMap', [{ metadata: { name: 'redis-conf', creationTimestamp: at }, data: { 'redis.conf': 'appendonly yes' }, binaryData: { blob: 'AA==' } }]).rows[0]!.cells, ['redis-conf', 2, '3m']);
  assert.deepEqual(table('serviceaccounts', 'ServiceAccount', [{ metadata: { name: 'default', creationTimestamp: at } }]).rows[0]!.cells, ['default', 0, '3m']);
});
