// Node failure against a real server (started with --no-controllers): the node lifecycle, taint
// eviction and pod GC controllers run in-process with a 2 s grace period, and the test plays the
// kubelets by renewing Leases and posting Node / Pod status itself (no agents, no pod processes).
// A silent node goes Unknown and gets the unreachable taints, its pods go not Ready, a pod with a
// short toleration is evicted, the out-of-service taint gets terminating pods force-deleted, and a
// node heard from again loses the taints. Plus the `ordinal node stop|start|list` functions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { stopNode, startNode, listNodes } from '../src/cli/commands/node.js';
import { createNodeLifecycleController, createTaintEvictionController } from '../src/controllers/node-lifecycle/index.js';
import { nodeConditions } from '../src/controllers/nodes/node-object.js';
import { createPodGarbageCollector } from '../src/controllers/pod-gc/index.js';
import { ControllerManager } from '../src/controllers/runtime/index.js';
import { silentLogger } from '../src/lib/log.js';
import { eventually } from './support/kube.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ns = 'nl';
const merge = 'application/merge-patch+json';
const leasePath = (name = ''): string => `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases${name ? `/${name}` : ''}`;
const podPath = (name = ''): string => `/api/v1/namespaces/${ns}/pods${name ? `/${name}` : ''}`;

let server: ServerProcess;
let client: KubeClient;
let manager: ControllerManager;
/** Nodes whose "kubelet" renews the Lease (the test's fake heartbeat). */
const beating = new Set<string>();
let heartbeat: NodeJS.Timeout | undefined;

async function renewLease(name: string): Promise<void> {
  await client.request('PATCH', leasePath(name), { body: { spec: { renewTime: new Date().toISOString().replace('Z', '000Z') } }, contentType: merge });
}

async function postReady(name: string): Promise<void> {
  const node = await client.request<Obj>('GET', `/api/v1/nodes/${name}`);
  await client.request('PATCH', `/api/v1/nodes/${name}/status`, { body: { status: { conditions: nodeConditions(node, new Date()) } }, contentType: merge });
  await renewLease(name);
}

async function registerNode(name: string): Promise<void> {
  await client.request('POST', '/api/v1/nodes', { body: { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {} } });
  await client.request('POST', leasePath(), { body: { metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') } } });
  await postReady(name);
  beating.add(name);
}

async function runningPod(name: string, nodeName: string, tolerations?: Obj[]): Promise<Obj> {
  const created = await client.request<Obj>('POST', podPath(), {
    body: { metadata: { name }, spec: { nodeName, containers: [{ name: 'c', image: 'redis' }], ...(tolerations ? { tolerations } : {}) } },
  });
  await client.request('PATCH', podPath(`${name}/status`), {
    body: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }] } },
    contentType: 'application/strategic-merge-patch+json',
  });
  return created;
}

const getNode = (name: string): Promise<Obj> => client.request<Obj>('GET', `/api/v1/nodes/${name}`);
const getPod = (name: string): Promise<Obj | undefined> => client.getIfExists<Obj>(podPath(name));
const condition = (obj: Obj | undefined, type: string): Obj | undefined => (obj?.['status']?.conditions ?? []).find((c: Obj) => c['type'] === type);
const taintsOf = (node: Obj): string[] => (node['spec']?.taints ?? []).map((t: Obj) => `${t['key']}:${t['effect']}`).sort();

async function eventsFor(name: string, reason: string, namespace = 'default'): Promise<Obj[]> {
  const list = await client.request<Obj>('GET', `/api/v1/namespaces/${namespace}/events`);
  return (list['items'] ?? []).filter((e: Obj) => e['involvedObject']?.name === name && e['reason'] === reason);
}

before(async () => {
  server = await startServerProcess({ extraArgs: ['--no-controllers'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
  await registerNode('node-1');
  await registerNode('node-2');
  heartbeat = setInterval(() => {
    for (const name of beating) void renewLease(name).catch(() => undefined);
  }, 400);
  manager = new ControllerManager({
    client,
    log: silentLogger(),
    leaderElection: false,
    reconcilers: [
      createNodeLifecycleController({ gracePeriodMs: 2000, monitorPeriodMs: 200 }),
      createTaintEvictionController(),
      createPodGarbageCollector({ orphanQuarantineMs: 500 }),
    ],
  });
  await manager.start();
});

after(async () => {
  if (heartbeat) clearInterval(heartbeat);
  await manager?.stop();
  client?.close();
  await server?.cleanup();
});

describe('node lifecycle', () => {
  it('adds the default not-ready / unreachable tolerations to new pods', async () => {
    const pod = await client.request<Obj>('POST', podPath(), { body: { metadata: { name: 'defaulted' }, spec: { containers: [{ name: 'c', image: 'redis' }] } } });
    assert.deepEqual(pod['spec'].tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    await client.request('DELETE', podPath('defaulted'));
  });

  it('a silent node goes Unknown, is tainted, its pods go not Ready and a short toleration runs out', async () => {
    const short = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 }];
    await runningPod('short', 'node-2', short);
    await runningPod('patient', 'node-2');
    await runningPod('elsewhere', 'node-1');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(condition(await getNode('node-2'), 'Ready')?.['status'], 'True', 'a heartbeating node stays Ready past the grace period');

    beating.delete('node-2');
    const node = await eventually(async () => {
      const n = await getNode('node-2');
      return condition(n, 'Ready')?.['status'] === 'Unknown' && taintsOf(n).length === 2 ? n : undefined;
    }, 'node-2 to go Unknown and be tainted', 15_000);
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const c = condition(node, type);
      assert.equal(c?.['status'], 'Unknown', type);
      assert.equal(c?.['reason'], 'NodeStatusUnknown');
      assert.equal(c?.['message'], 'Kubelet stopped posting node status.');
    }
    assert.deepEqual(taintsOf(node), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    assert.ok(node['spec'].taints.every((t: Obj) => typeof t['timeAdded'] === 'string'), 'taints carry timeAdded');
    await eventually(async () => (await eventsFor('node-2', 'NodeNotReady')).length > 0, 'the NodeNotReady event');

    await eventually(async () => condition(await getPod('patient'), 'Ready')?.['status'] === 'False', 'patient to be marked not ready');
    const short1 = await eventually(async () => {
      const p = await getPod('short');
      return p?.['metadata'].deletionTimestamp ? p : undefined;
    }, 'short to be evicted after its 1 s toleration', 10_000);
    assert.equal(condition(short1, 'DisruptionTarget')?.['reason'], 'DeletionByTaintManager');
    await eventually(async () => (await eventsFor('short', 'TaintManagerEviction', ns)).length > 0, 'the TaintManagerEviction event');

    const patient = await getPod('patient');
    assert.equal(patient?.['metadata'].deletionTimestamp, undefined, 'the default 300 s toleration keeps patient bound');
    const elsewhere = await getPod('elsewhere');
    assert.equal(condition(elsewhere, 'Ready')?.['status'], 'True', 'pods of healthy nodes are untouched');
    assert.deepEqual(taintsOf(await getNode('node-1')), []);
  });

  it('the out-of-service taint evicts the rest and force-deletes terminating pods', async () => {
    const node = await getNode('node-2');
    const taints = [...node['spec'].taints, { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }];
    await client.request('PATCH', '/api/v1/nodes/node-2', { body: { spec: { taints } }, contentType: merge });
    await eventually(async () => (await getPod('short')) === undefined, 'the terminating pod to be force-deleted', 10_000);
    await eventually(async () => (await getPod('patient')) === undefined, 'the remaining pod to be evicted and force-deleted', 10_000);
    assert.ok(await getPod('elsewhere'));
  });

  it('a node heard from again loses the unreachable taints but keeps out-of-service', async () => {
    await postReady('node-2');
    beating.add('node-2');
    const node = await eventually(async () => {
      const n = await getNode('node-2');
      return taintsOf(n).length === 1 ? n : undefined;
    }, 'the unreachable taints to be removed', 10_000);
    assert.deepEqual(taintsOf(node), ['node.kubernetes.io/out-of-service:NoExecute']);
    assert.equal(condition(node, 'Ready')?.['status'], 'True');
  });

  it('pods bound to a node that does not exist are force-deleted', async () => {
    await runningPod('orphan', 'node-gone');
    await eventually(async () => (await getPod('orphan')) === undefined, 'the orphan to be deleted', 10_000);
    assert.ok(await getPod('elsewhere'), 'pods of existing nodes stay');
  });
});

describe('ordinal node stop|start|list', () => {
  /** Plays the node agent: acknowledges the stopped annotation on node-1 once. */
  async function acknowledge(state: 'stopped' | 'running'): Promise<void> {
    await eventually(async () => {
      const n = await getNode('node-1');
      const stopped = n['metadata'].annotations?.['node.ordinal.dev/stopped'] === 'true';
      return stopped === (state === 'stopped') || undefined;
    }, `the CLI to mark node-1 ${state}`);
    await client.request('PATCH', '/api/v1/nodes/node-1', { body: { metadata: { annotations: { 'node.ordinal.dev/agent-state': state } } }, contentType: merge });
  }

  it('stop waits for the agent and says what happens next; start brings it back', async () => {
    const [message] = await Promise.all([stopNode(client, 'node-1', { timeoutMs: 5000, pollMs: 50 }), acknowledge('stopped')]);
    assert.equal(message, 'node-1 stopped: 1 pod was killed; the node becomes NotReady after the grace period; to let its StatefulSet pods move: kubectl taint nodes node-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute\n');
    assert.match(await listNodes(client), /^node-1\s+True\s+stopped\s+1$/m);
    assert.match(await stopNode(client, 'node-1', { timeoutMs: 1000 }), /^node-1 is already stopped/);
    const [started] = await Promise.all([startNode(client, 'node-1', { timeoutMs: 5000, pollMs: 50 }), acknowledge('running')]);
    assert.equal(started, 'node-1 running; Ready again when the agent posts status\n');
    const node = await getNode('node-1');
    assert.equal(node['metadata'].annotations['node.ordinal.dev/stopped'], undefined);
  });

  it('refuses unknown nodes and times out clearly without an agent', async () => {
    await assert.rejects(stopNode(client, 'node-9', { timeoutMs: 1000 }), { code: 'E_CLI', message: 'node "node-9" not found (see `ordinal node list`)' });
    await assert.rejects(stopNode(client, 'node-2', { timeoutMs: 300, pollMs: 50 }), (err: Error) => {
      assert.match(err.message, /timed out after 0.3s waiting for the node agent of node-2 to report node.ordinal.dev\/agent-state=stopped/);
      assert.match(err.message, /`ordinal node start node-2` undoes that/);
      return true;
    });
  });
});
