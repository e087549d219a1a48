// Seed 001 as written (examples/seed-001): six redis-server pods of one StatefulSet on three node
// agents, the cluster created from a helper pod with the pods' DNS names, a pod deleted and back
// with its claim and node id, the access Service through its ClusterIP, and a node stopped and
// started again (failover, then the old master rejoins as a replica).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KubeClient } from '../src/client/index.js';
import { eventually } from './support/kube.js';
import { kubectlFor } from './support/kubectl.js';
import { cliPath, startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const example = (file: string): string => fileURLToPath(new URL(`../../examples/seed-001/${file}`, import.meta.url));
let server: ServerProcess;
let client: KubeClient;
let home: string;
let kubectl: ReturnType<typeof kubectlFor>;

const getPod = (name: string): Promise<Obj | undefined> => client.getIfExists<Obj>(`/api/v1/namespaces/default/pods/${name}`);
const isReady = (p: Obj | undefined): boolean => (p?.['status']?.conditions ?? []).some((c: Obj) => c['type'] === 'Ready' && c['status'] === 'True');
const redis = (pod: string, ...cmd: string[]): Promise<string> => kubectl.ok('exec', pod, '--', 'redis-cli', ...cmd);
const ordinal = (...args: string[]): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, [cliPath, ...args, '--data-dir', server.dataDir], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

before(async () => {
  server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '3', '--node-monitor-grace-period', '6'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  home = mkdtempSync(join(tmpdir(), 'ordinal-seed001-'));
  kubectl = kubectlFor(server.kubeconfigPath, home);
});

after(async () => {
  client?.close();
  await server?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('seed 001: Redis Cluster on a StatefulSet', () => {
  it('starts the six pods in ordinal order, each with its claim', async () => {
    await kubectl.ok('apply', '-f', example('redis-cluster.yaml'));
    const sts = await eventually(async () => {
      const s = await client.getIfExists<Obj>('/apis/apps/v1/namespaces/default/statefulsets/redis-app');
      return s?.['status']?.readyReplicas === 6 ? s : undefined;
    }, 'redis-app 6/6 ready', 120_000);
    assert.equal(sts['status'].replicas, 6);
    const pods = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => getPod(`redis-app-${i}`)));
    // OrderedReady: pod i was created only after pod i-1 was Ready
    for (let i = 1; i < 6; i++) {
      const created = Date.parse(pods[i]!['metadata'].creationTimestamp);
      const prevReady = Date.parse(pods[i - 1]!['status'].conditions.find((c: Obj) => c['type'] === 'Ready').lastTransitionTime);
      assert.ok(created >= prevReady, `redis-app-${i} created before redis-app-${i - 1} was Ready`);
    }
    const nodes = new Set(pods.map((p) => p!['spec'].nodeName));
    assert.equal(nodes.size, 3, 'preferred anti-affinity spreads the pods over the three nodes');
    const claims = await client.request<Obj>('GET', '/api/v1/namespaces/default/persistentvolumeclaims');
    assert.deepEqual(claims['items'].map((c: Obj) => c['metadata'].name).sort(), [0, 1, 2, 3, 4, 5].map((i) => `redis-data-redis-app-${i}`));
    assert.ok(claims['items'].every((c: Obj) => c['status'].phase === 'Bound'));
  });

  it('creates the cluster from a helper pod with the pods\' DNS names: cluster_state:ok', async () => {
    await kubectl.ok('apply', '-f', example('redis-cluster-init.yaml'));
    await eventually(async () => ((await getPod('redis-cluster-init'))?.['status']?.phase === 'Succeeded' ? true : undefined), 'redis-cluster-init Succeeded', 120_000);
    assert.match(await kubectl.ok('logs', 'redis-cluster-init'), /cluster_state:ok/);
    const info = await redis('redis-app-0', 'cluster', 'info');
    assert.match(info, /cluster_state:ok/);
    assert.match(info, /cluster_known_nodes:6/);
    assert.match(info, /cluster_slots_assigned:16384/);
  });

  it('the access Service answers PING through its ClusterIP', async () => {
    const svc = await client.request<Obj>('GET', '/api/v1/namespaces/default/services/redis-access-service');
    const ip = svc['spec'].clusterIP as string;
    const fromHost = await eventually(() => {
      const r = spawnSync('redis-cli', ['-h', ip, '-p', '6379', 'ping'], { encoding: 'utf8', timeout: 5000 });
      return r.stdout.trim() === 'PONG' ? r.stdout : undefined;
    }, `PING ${ip}:6379 from the host`, 20_000);
    assert.equal(fromHost.trim(), 'PONG');
    assert.equal((await redis('redis-app-5', '-h', 'redis-access-service', 'ping')).trim(), 'PONG');
  });

  it('kubectl delete pod redis-app-0 brings it back with the same claim and node id', async () => {
    const before = await getPod('redis-app-0');
    const id = (await redis('redis-app-0', 'cluster', 'myid')).trim();
    await kubectl.ok('delete', 'pod', 'redis-app-0');
    const back = await eventually(async () => {
      const p = await getPod('redis-app-0');
      return p && p['metadata'].uid !== before!['metadata'].uid && isReady(p) ? p : undefined;
    }, 'redis-app-0 back and Ready', 60_000);
    const claim = back['spec'].volumes.find((v: Obj) => v['name'] === 'redis-data');
    assert.equal(claim.persistentVolumeClaim.claimName, 'redis-data-redis-app-0');
    assert.equal((await redis('redis-app-0', 'cluster', 'myid')).trim(), id, 'node id kept in nodes.conf on the claim');
    await eventually(async () => (/cluster_state:ok/.test(await redis('redis-app-0', 'cluster', 'info')) ? true : undefined), 'cluster ok again', 30_000);
  });

  it('a stopped node goes NotReady; its master fails over and rejoins as a replica when the node starts', async () => {
    const pod0 = await getPod('redis-app-0');
    const node = pod0!['spec'].nodeName as string;
    const id = (await redis('redis-app-0', 'cluster', 'myid')).trim();
    const role = await redis('redis-app-0', 'role');
    if (!role.startsWith('master')) return assert.fail(`redis-app-0 is not a master before the test: ${role}`);
    // redis-cli --cluster create does not know the nodes: a replica may sit on its master's node.
    // Put a replica of redis-app-0 on another node first (what an operator must do), so that losing
    // the node leaves a replica to promote.
    const pods = await Promise.all([1, 2, 3, 4, 5].map((i) => getPod(`redis-app-${i}`)));
    const roles = await Promise.all(pods.map(async (p) => ({ pod: p!, role: (await redis(p!['metadata'].name, 'role')).split('\n')[0]! })));
    assert.equal(roles.filter((r) => r.pod['spec'].nodeName === node && r.role === 'master').length, 0, 'the node of redis-app-0 holds no other master');
    const helper = roles.find((r) => r.pod['spec'].nodeName !== node && r.role === 'slave');
    assert.ok(helper, 'a replica on another node');
    const replica = helper.pod['metadata'].name as string;
    await redis(replica, 'cluster', 'replicate', id);
    await eventually(async () => (/master_link_status:up/.test(await redis(replica, 'info', 'replication')) ? true : undefined), `${replica} in sync with redis-app-0`, 30_000);
    const replicaIp = helper.pod['status'].podIP as string;
    const stop = ordinal('node', 'stop', node);
    assert.equal(stop.code, 0, stop.err);
    await eventually(async () => {
      const n = await client.request<Obj>('GET', `/api/v1/nodes/${node}`);
      return n['status'].conditions.some((c: Obj) => c['type'] === 'Ready' && c['status'] !== 'True') ? true : undefined;
    }, `${node} NotReady`, 30_000);
    const pod0ip = pod0!['status'].podIP as string;
    assert.notEqual(spawnSync('redis-cli', ['-h', pod0ip, 'ping'], { encoding: 'utf8', timeout: 3000 }).stdout.trim(), 'PONG', 'pods of a stopped node are unreachable');
    // the cluster promotes the replica (cluster-node-timeout 5000)
    await eventually(() => {
      const r = spawnSync('redis-cli', ['-h', replicaIp, 'role'], { encoding: 'utf8', timeout: 3000 });
      return r.stdout.startsWith('master') ? true : undefined;
    }, 'the replica promoted', 60_000);
    const start = ordinal('node', 'start', node);
    assert.equal(start.code, 0, start.err);
    await eventually(async () => (isReady(await getPod('redis-app-0')) ? true : undefined), 'redis-app-0 Ready after the node started', 60_000);
    assert.equal((await redis('redis-app-0', 'cluster', 'myid')).trim(), id);
    await eventually(async () => ((await redis('redis-app-0', 'role')).startsWith('slave') ? true : undefined), 'redis-app-0 rejoined as a replica', 30_000);
    await eventually(async () => (/cluster_state:ok/.test(await redis('redis-app-1', 'cluster', 'info')) ? true : undefined), 'cluster ok', 30_000);
  });
});
