import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTable } from './build-table.js';
import { ago, minutes, now, resourceInfo } from './fixtures.js';
import type { KubeObject } from '../../store/types.js';

const pods = resourceInfo('', 'pods', 'Pod');

function row(pod: KubeObject) {
  const table = buildTable(pods, [pod], { includeObject: 'None', now });
  return table.rows[0]!;
}

function pod(name: string, spec: KubeObject, status: KubeObject, metadata: KubeObject = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '42', creationTimestamp: ago(minutes(5)), ...metadata },
    spec: { nodeName: 'node-1', containers: [{ name: 'redis', image: 'redis:7.2' }], ...spec },
    status,
  };
}

const running = { running: { startedAt: ago(minutes(4)) } };
const readyConditions = [
  { type: 'Initialized', status: 'True' },
  { type: 'Ready', status: 'True' },
  { type: 'ContainersReady', status: 'True' },
  { type: 'PodScheduled', status: 'True' },
];

test('columns: Name first, wide ones at priority 1', () => {
  const table = buildTable(pods, [], { includeObject: 'Metadata', now });
  assert.deepEqual(table.columnDefinitions.map((c) => [c.name, c.priority]), [
    ['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0],
    ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1],
  ]);
  assert.equal(table.columnDefinitions[0]!.format, 'name');
});

test('a running pod', () => {
  const p = pod('redis-0', {}, {
    phase: 'Running',
    conditions: readyConditions,
    podIP: '10.42.0.7',
    podIPs: [{ ip: '10.42.0.7' }],
    containerStatuses: [{ name: 'redis', ready: true, started: true, restartCount: 0, image: 'redis:7.2', imageID: '', state: running }],
  });
  assert.deepEqual(row(p).cells, ['redis-0', '1/1', 'Running', '0', '5m', '10.42.0.7', 'node-1', '<none>', '<none>']);
  assert.equal(row(p).conditions, undefined);
});

test('a CrashLoopBackOff pod reports the first container and its last restart', () => {
  const p = pod('redis-1', { containers: [{ name: 'redis' }, { name: 'exporter' }] }, {
    phase: 'Running',
    podIPs: [{ ip: '10.42.0.8' }],
    containerStatuses: [
      {
        name: 'redis', ready: false, restartCount: 5,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(minutes(2)) } },
      },
      { name: 'exporter', ready: true, restartCount: 0, state: running },
    ],
  });
  assert.deepEqual(row(p).cells.slice(0, 5), ['redis-1', '1/2', 'CrashLoopBackOff', '5 (2m ago)', '5m']);
});

test('a terminating pod', () => {
  const p = pod('redis-2', {}, {
    phase: 'Running',
    containerStatuses: [{ name: 'redis', ready: true, restartCount: 0, state: running }],
  }, { deletionTimestamp: ago(10_000), deletionGracePeriodSeconds: 30 });
  assert.equal(row(p).cells[2], 'Terminating');
});

test('a deleted pod on a lost node is Unknown, an undeleted one NodeLost', () => {
  const status = { phase: 'Running', reason: 'NodeLost', containerStatuses: [{ name: 'redis', ready: true, restartCount: 0, state: running }] };
  assert.equal(row(pod('a', {}, status, { deletionTimestamp: ago(1000) })).cells[2], 'Unknown');
  assert.equal(row(pod('a', {}, { ...status, containerStatuses: [] })).cells[2], 'NodeLost');
});

test('pending pods: unscheduled, ContainerCreating, ErrImagePull', () => {
  assert.equal(row(pod('p', { nodeName: undefined }, { phase: 'Pending' })).cells[2], 'Pending');
  assert.equal(row(pod('p', { nodeName: undefined }, { phase: 'Pending' })).cells[6], '<none>');
  const waiting = (reason: string) => ({ phase: 'Pending', containerStatuses: [{ name: 'redis', ready: false, restartCount: 0, state: { waiting: { reason } } }] });
  assert.equal(row(pod('p', {}, waiting('ContainerCreating'))).cells[2], 'ContainerCreating');
  assert.deepEqual(row(pod('p', {}, waiting('ErrImagePull'))).cells.slice(1, 4), ['0/1', 'ErrImagePull', '0']);
  assert.equal(row(pod('p', {}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })).cells[2], 'SchedulingGated');
});

test('init containers: progress, failures and sidecars', () => {
  const spec = { initContainers: [{ name: 'config' }, { name: 'wait' }] };
  const init = (first: KubeObject, second: KubeObject) => ({
    phase: 'Pending',
    initContainerStatuses: [{ name: 'config', ready: false, restartCount: 0, ...first }, { name: 'wait', ready: false, restartCount: 0, ...second }],
    containerStatuses: [{ name: 'redis', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
  });
  const done = { state: { terminated: { exitCode: 0, reason: 'Completed' } } };
  const waitingInit = { state: { waiting: { reason: 'PodInitializing' } } };
  assert.equal(row(pod('p', spec, init({ state: running }, waitingInit))).cells[2], 'Init:0/2');
  assert.equal(row(pod('p', spec, init(done, { state: running }))).cells[2], 'Init:1/2');
  assert.deepEqual(row(pod('p', spec, init(done, { restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }))).cells.slice(2, 4), ['Init:CrashLoopBackOff', '3']);
  assert.equal(row(pod('p', spec, init({ state: { terminated: { exitCode: 2 } } }, waitingInit))).cells[2], 'Init:ExitCode:2');
  assert.equal(row(pod('p', spec, init({ state: { terminated: { exitCode: 137, signal: 9 } } }, waitingInit))).cells[2], 'Init:Signal:9');

  const sidecar = pod('p', { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] }, {
    phase: 'Running',
    conditions: readyConditions,
    initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(minutes(3)) } } }],
    containerStatuses: [{ name: 'redis', ready: true, restartCount: 0, state: running }],
  });
  assert.deepEqual(row(sidecar).cells.slice(1, 4), ['2/2', 'Running', '1 (3m ago)']);
});

test('finished pods: Completed with a row condition, Error, and a still-running sidecar-like container', () => {
  const completed = row(pod('job', {}, { phase: 'Succeeded', containerStatuses: [{ name: 'redis', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }));
  assert.deepEqual(completed.cells.slice(1, 3), ['0/1', 'Completed']);
  assert.deepEqual(completed.conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);

  const failed = row(pod('job', {}, { phase: 'Failed', containerStatuses: [{ name: 'redis', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }));
  assert.equal(failed.cells[2], 'Error');
  assert.equal(failed.conditions?.[0]?.reason, 'Failed');

  const twoContainers = { containers: [{ name: 'redis' }, { name: 'setup' }] };
  const statuses = [{ name: 'redis', ready: true, restartCount: 0, state: running }, { name: 'setup', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }];
  assert.equal(row(pod('p', twoContainers, { phase: 'Running', conditions: readyConditions, containerStatuses: statuses })).cells[2], 'Running');
  assert.equal(row(pod('p', twoContainers, { phase: 'Running', containerStatuses: statuses })).cells[2], 'NotReady');
});

test('wide columns: nominated node and readiness gates', () => {
  const p = pod('p', { readinessGates: [{ conditionType: 'ordinal.dev/in-cluster' }, { conditionType: 'ordinal.dev/synced' }] }, {
    phase: 'Running',
    nominatedNodeName: 'node-2',
    podIPs: [{ ip: 'fd00::7' }, { ip: '10.42.0.7' }],
    conditions: [{ type: 'ordinal.dev/in-cluster', status: 'True' }, { type: 'ordinal.dev/synced', status: 'False' }],
  });
  assert.deepEqual(row(p).cells.slice(5), ['fd00::7', 'node-1', 'node-2', '1/2']);
});
