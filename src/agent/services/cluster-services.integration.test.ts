// The node's Service networking end to end on this machine: a real API server (in this process, so
// its Service CIDR can be a private test range), the real endpoints controller and the
// cluster-services reconciler, the DNS server on the bridge gateway's port 53, and two real
// redis-server pods in their own network namespaces reached through a ClusterIP from a third one.
// Everything here runs in this process, so every command is spawned asynchronously.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/server.js';
import { KubeClient } from '../../client/index.js';
import { createEndpointsController } from '../../controllers/endpoints/index.js';
import { ControllerManager } from '../../controllers/runtime/index.js';
import { silentLogger } from '../../lib/log.js';
import { eventually } from '../../../test/support/kube.js';
import { setPodRunning } from '../../../test/support/kubelet.js';
import { NetnsPodNetwork, type PodAttachment } from '../network/index.js';
import { startClusterNetwork, type ClusterNetwork } from './cluster-network.js';

const exec = promisify(execFile);

function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root for network namespaces and port 53';
  for (const tool of ['redis-server', 'redis-cli', 'dig']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return false;
}

const prefix = `hsd${'abcdefghijklmnopqrstuvwxyz'[randomInt(26)]}`;
const third = randomInt(0, 256);
const podCidr = `10.232.${third}.0/24`;
const serviceCidr = `10.233.${third}.0/24`;
const ns = 'default';

describe('cluster DNS and the Service proxy on a pod bridge', { skip: skipReason() }, () => {
  const net = new NetnsPodNetwork({ prefix, cidr: podCidr });
  const children: ChildProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'h-D-services-'));
  let api: RunningApiServer | undefined;
  let client: KubeClient;
  let manager: ControllerManager | undefined;
  let cluster: ClusterNetwork | undefined;
  const pods: Record<string, PodAttachment> = {};
  const runIds: Record<string, string> = {};
  let clusterIP = '';

  const netnsEtc = (): string => join('/etc/netns', pods['client']?.netns ?? `${prefix}-client`);
  const inNs = async (netns: string, file: string, ...args: string[]): Promise<string> =>
    (await exec('ip', ['netns', 'exec', netns, file, ...args], { timeout: 15_000 })).stdout;
  const dig = (...args: string[]): Promise<string> => inNs(pods['client']!.netns, 'dig', '+short', '+time=2', '+tries=1', `@${cluster!.nameserver}`, ...args);
  const digLines = async (...args: string[]): Promise<string[]> => (await dig(...args)).split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const runIdOf = (info: string): string => /run_id:(\w+)/.exec(info)?.[1] ?? `no run_id in ${JSON.stringify(info)}`;

  before(async () => {
    api = await startApiServer({ dataDir, port: 0, log: silentLogger(), serviceCidr });
    client = await KubeClient.fromFile(api.kubeconfigPath);
    cluster = await startClusterNetwork({ network: net, nodePortHost: false });
    for (const name of ['redis-0', 'redis-1', 'client']) pods[name] = await net.attach(name);
    // `ip netns exec` bind-mounts /etc/netns/<netns>/resolv.conf over /etc/resolv.conf: the client pod's
    // resolver, as a kubelet writes it for ClusterFirst (src/agent/pod-files/resolv-conf.ts makes the real one)
    mkdirSync(netnsEtc(), { recursive: true });
    writeFileSync(join(netnsEtc(), 'resolv.conf'), `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${cluster.nameserver}\noptions ndots:5\n`);
    for (const name of ['redis-0', 'redis-1']) {
      const child = spawn('ip', ['netns', 'exec', pods[name]!.netns, 'redis-server', '--port', '6379', '--bind', '0.0.0.0', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--dir', dataDir], { stdio: 'ignore' });
      children.push(child);
      const ip = pods[name]!.ip;
      runIds[name] = runIdOf(await eventually(() => exec('redis-cli', ['-h', ip, 'INFO', 'server']).then((r) => r.stdout), `redis in ${name}`));
    }
    manager = new ControllerManager({ client, log: silentLogger(), reconcilers: [createEndpointsController(), cluster.reconciler], leaderElection: false });
    await manager.start();
    for (const name of ['redis-0', 'redis-1']) {
      await client.request('POST', `/api/v1/namespaces/${ns}/pods`, {
        body: { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'redis' } }, spec: { hostname: name, subdomain: 'redis', containers: [{ name: 'redis', image: 'redis:7', ports: [{ name: 'redis', containerPort: 6379 }] }] } },
      });
      await setPodRunning(client, ns, name, { ip: pods[name]!.ip });
    }
    const service = (name: string, spec: Record<string, unknown>): Promise<unknown> =>
      client.request('POST', `/api/v1/namespaces/${ns}/services`, { body: { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'redis' }, ports: [{ name: 'redis', port: 6379 }], ...spec } } });
    await service('redis', { clusterIP: 'None' });
    const access = (await service('redis-access', {})) as { spec: { clusterIP: string } };
    clusterIP = access.spec.clusterIP;
  });

  after(async () => {
    for (const child of children) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    }
    await manager?.stop();
    await cluster?.stop().catch(() => undefined);
    await net.cleanup();
    rmSync(netnsEtc(), { recursive: true, force: true });
    try {
      if (existsSync('/etc/netns')) rmdirSync('/etc/netns'); // only if nobody else uses it (not empty: fails)
    } catch {
      // someone else's namespace config lives there
    }
    client?.close();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers pod A records and SRV for the headless service, and the ClusterIP for the access service (UDP and TCP)', async () => {
    const ip0 = pods['redis-0']!.ip;
    const ip1 = pods['redis-1']!.ip;
    assert.ok(clusterIP.startsWith(`10.233.${third}.`), clusterIP);
    await eventually(async () => (await digLines('redis.default.svc.cluster.local')).join() === [ip0, ip1].sort().join() || undefined, 'headless A records');
    assert.deepEqual(await digLines('redis-0.redis.default.svc.cluster.local'), [ip0]);
    assert.deepEqual(await digLines('+tcp', 'redis-1.redis.default.svc.cluster.local'), [ip1]);
    assert.deepEqual(await digLines('SRV', '_redis._tcp.redis.default.svc.cluster.local'), ['0 100 6379 redis-0.redis.default.svc.cluster.local.', '0 100 6379 redis-1.redis.default.svc.cluster.local.']);
    await eventually(async () => (await digLines('redis-access.default.svc.cluster.local')).join() === clusterIP || undefined, 'ClusterIP A record');
    assert.deepEqual(await digLines(`${ip0.replaceAll('.', '-')}.default.pod.cluster.local`), [ip0]);
    const search = await inNs(pods['client']!.netns, 'dig', `@${cluster!.nameserver}`, 'nope.default.svc.cluster.local');
    assert.match(search, /status: NXDOMAIN/);
  });

  it('proxies the ClusterIP to both redis pods in turn, from another pod and from the host', async () => {
    await eventually(async () => (await exec('redis-cli', ['-h', clusterIP, 'PING'])).stdout.trim() === 'PONG' || undefined, 'PONG through the ClusterIP');
    const fromPod: string[] = [];
    for (let i = 0; i < 4; i++) fromPod.push(runIdOf(await inNs(pods['client']!.netns, 'redis-cli', '-h', clusterIP, 'INFO', 'server')));
    assert.deepEqual(new Set(fromPod), new Set([runIds['redis-0'], runIds['redis-1']]), 'both endpoints serve');
    assert.notEqual(fromPod[0], fromPod[1], 'consecutive connections alternate');
    assert.equal(fromPod[0], fromPod[2]);
    const fromHost = [];
    for (let i = 0; i < 2; i++) fromHost.push(runIdOf((await exec('redis-cli', ['-h', clusterIP, 'INFO', 'server'])).stdout));
    assert.notEqual(fromHost[0], fromHost[1]);
  });

  it('resolves short names through the kubelet search domains inside a pod, and redis-cli reaches the service by name', async () => {
    const client = pods['client']!.netns;
    assert.equal((await inNs(client, 'getent', 'hosts', 'redis-0.redis')).split(/\s+/)[0], pods['redis-0']!.ip);
    assert.equal((await inNs(client, 'getent', 'hosts', 'redis-access')).split(/\s+/)[0], clusterIP);
    assert.equal((await inNs(client, 'redis-cli', '-h', 'redis-access', 'PING')).trim(), 'PONG');
  });

  it('drops a pod that stops being ready from DNS and from the proxy, and takes it back when ready again', async () => {
    const ip0 = pods['redis-0']!.ip;
    await setPodRunning(client, ns, 'redis-1', { ready: false });
    await eventually(async () => (await digLines('redis.default.svc.cluster.local')).join() === ip0 || undefined, 'redis-1 gone from the headless name', 15_000);
    assert.match(await inNs(pods['client']!.netns, 'dig', `@${cluster!.nameserver}`, 'redis-1.redis.default.svc.cluster.local'), /status: NXDOMAIN/);
    assert.deepEqual(await digLines('SRV', '_redis._tcp.redis.default.svc.cluster.local'), ['0 100 6379 redis-0.redis.default.svc.cluster.local.']);
    await eventually(() => cluster!.proxy.listening().length === 1 || undefined, 'listener');
    for (let i = 0; i < 4; i++) assert.equal(runIdOf(await inNs(pods['client']!.netns, 'redis-cli', '-h', clusterIP, 'INFO', 'server')), runIds['redis-0']);
    await setPodRunning(client, ns, 'redis-1', { ready: true });
    await eventually(async () => (await digLines('redis.default.svc.cluster.local')).length === 2 || undefined, 'redis-1 back', 15_000);
  });

  it('refuses clearly when the DNS port on the gateway is taken', async () => {
    await assert.rejects(startClusterNetwork({ network: net }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_DNS_PORT_IN_USE');
      assert.match(err.message, new RegExp(`${cluster!.nameserver}:53`));
      return true;
    });
  });

  it('removes the ClusterIPs from the bridge on stop', async () => {
    const show = async (): Promise<string> => (await exec('ip', ['-o', '-4', 'addr', 'show', 'dev', net.bridge])).stdout;
    assert.match(await show(), new RegExp(`inet ${clusterIP.replaceAll('.', '\\.')}/32`));
    await manager?.stop();
    manager = undefined;
    await cluster!.stop();
    assert.doesNotMatch(await show(), /\/32/);
    await assert.rejects(exec('redis-cli', ['-h', clusterIP, '-t', '1', 'PING']));
  });
});
