// Node agents with real processes: pods run under bubblewrap in their own network namespaces on a
// bridge of this test's own; kubectl logs/exec go through the API server to the agent.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { eventually } from './support/kube.js';
import { kubectlFor } from './support/kubectl.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: ServerProcess;
let client: KubeClient;
let home: string;
let kubectl: ReturnType<typeof kubectlFor>;
const ns = 'default';

const pod = (name: string, spec: Obj, labels: Obj = {}): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec });
const getPod = (name: string): Promise<Obj | undefined> => client.getIfExists<Obj>(`/api/v1/namespaces/${ns}/pods/${name}`);
const isReady = (p: Obj | undefined): boolean => (p?.['status']?.conditions ?? []).some((c: Obj) => c['type'] === 'Ready' && c['status'] === 'True');
const create = (obj: Obj, path: string): Promise<Obj> => client.request<Obj>('POST', path, { body: obj });

/** The host pid of a process we started in a pod: PID 1 of its namespace running `argv`. */
function hostPidOf(argv: string[]): number | undefined {
  const want = argv.join('\0');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0$/, '');
      if (cmd !== want) continue;
      const nspid = readFileSync(`/proc/${entry}/status`, 'utf8').match(/^NSpid:\s+(.*)$/m)?.[1]?.trim().split(/\s+/);
      if (nspid && nspid.length > 1 && nspid[nspid.length - 1] === '1') return Number(entry);
    } catch {
      // the process went away while we looked
    }
  }
  return undefined;
}

before(async () => {
  server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '2'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  home = mkdtempSync(join(tmpdir(), 'ordinal-agent-'));
  kubectl = kubectlFor(server.kubeconfigPath, home);
  await eventually(async () => {
    const nodes = await client.request<Obj>('GET', '/api/v1/nodes');
    return nodes['items'].length === 2 && nodes['items'].every((n: Obj) => (n['status']?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0) > 0) ? true : undefined;
  }, 'two nodes with kubelet endpoints', 30_000);
});

after(async () => {
  client?.close();
  await server?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('node agent', () => {
  it('runs a pod as a process with its hostname, IP, env and volumes; kubectl logs and exec work', async () => {
    await create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'greeting' }, data: { text: 'hello from a configmap' } }, `/api/v1/namespaces/${ns}/configmaps`);
    await create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, stringData: { value: 's3cr3t-value' } }, `/api/v1/namespaces/${ns}/secrets`);
    await create(pod('shell', {
      containers: [{
        name: 'main', image: 'busybox',
        command: ['sh', '-c', 'echo "host=$(hostname) ip=$POD_IP len=${#TOKEN}"; cat /etc/greeting/text; echo; exec sleep 31337'],
        env: [
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 'value' } } },
        ],
        volumeMounts: [{ name: 'greeting', mountPath: '/etc/greeting' }],
      }],
      volumes: [{ name: 'greeting', configMap: { name: 'greeting' } }],
    }), `/api/v1/namespaces/${ns}/pods`);
    const running = await eventually(async () => {
      const p = await getPod('shell');
      return isReady(p) ? p : undefined;
    }, 'pod shell Ready', 30_000);
    const ip = running['status'].podIP as string;
    assert.match(ip, /^10\.\d+\.\d+\.\d+$/);
    assert.equal(running['status'].phase, 'Running');
    assert.equal(running['status'].containerStatuses[0].restartCount, 0);
    const logs = await eventually(async () => {
      const out = await kubectl.ok('logs', 'shell');
      return out.includes('configmap') ? out : undefined;
    }, 'logs of shell');
    assert.match(logs, new RegExp(`host=shell ip=${ip.replace(/\./g, '\\.')} len=12`));
    assert.match(logs, /hello from a configmap/);
    assert.doesNotMatch(logs, /s3cr3t/);
    assert.equal((await kubectl.ok('exec', 'shell', '--', 'cat', '/etc/hostname')).trim(), 'shell');
    assert.match(await kubectl.ok('exec', 'shell', '--', 'cat', '/etc/resolv.conf'), /search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local/);
    const failed = await kubectl.run(['exec', 'shell', '--', 'sh', '-c', 'exit 3']);
    assert.equal(failed.code, 3, failed.err);
    const piped = await kubectl.run(['exec', '-i', 'shell', '--', 'sh', '-c', 'tr a-z A-Z'], { input: 'shout\n' });
    assert.equal(piped.out.trim(), 'SHOUT');
  });

  it('restarts a container killed with kill -9, with the kubelet back-off, and counts restarts', async () => {
    const pid = await eventually(() => hostPidOf(['sleep', '31337']), 'the container process of shell');
    process.kill(pid, 'SIGKILL');
    const first = await eventually(async () => {
      const p = await getPod('shell');
      const s = p?.['status']?.containerStatuses?.[0];
      return s?.restartCount === 1 && s.state?.running ? s : undefined;
    }, 'restartCount 1', 20_000);
    assert.equal(first.lastState.terminated.exitCode, 137);
    const pid2 = await eventually(() => {
      const p = hostPidOf(['sleep', '31337']);
      return p !== undefined && p !== pid ? p : undefined;
    }, 'the restarted container');
    const killedAt = Date.now();
    process.kill(pid2, 'SIGKILL');
    const waiting = await eventually(async () => {
      const s = (await getPod('shell'))?.['status']?.containerStatuses?.[0];
      return s?.state?.waiting?.reason === 'CrashLoopBackOff' ? s : undefined;
    }, 'CrashLoopBackOff while backing off', 10_000);
    assert.match(waiting.state.waiting.message, /back-off 10s restarting failed container=main pod=shell_default/);
    await eventually(async () => {
      const s = (await getPod('shell'))?.['status']?.containerStatuses?.[0];
      return s?.restartCount === 2 && s.state?.running ? s : undefined;
    }, 'restartCount 2', 30_000);
    assert.ok(Date.now() - killedAt >= 9_000, `restarted after ${Date.now() - killedAt} ms: the second restart waits the 10 s back-off`);
  });

  it('a failing readiness probe takes the pod out of the endpoints and out of DNS', async () => {
    await create({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'probed' },
      spec: { clusterIP: 'None', selector: { app: 'probed' }, ports: [{ name: 'tcp', port: 7000 }] },
    }, `/api/v1/namespaces/${ns}/services`);
    await create(pod('probed-0', {
      hostname: 'probed-0', subdomain: 'probed',
      containers: [{
        name: 'main', image: 'busybox', command: ['sh', '-c', 'touch /tmp/ready; exec sleep 31338'],
        readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1, failureThreshold: 1 },
      }],
    }, { app: 'probed' }), `/api/v1/namespaces/${ns}/pods`);
    const p = await eventually(async () => {
      const x = await getPod('probed-0');
      return isReady(x) ? x : undefined;
    }, 'probed-0 Ready', 30_000);
    const ip = p['status'].podIP as string;
    const nameserver = (await kubectl.ok('exec', 'probed-0', '--', 'cat', '/etc/resolv.conf')).match(/^nameserver (\S+)/m)?.[1];
    assert.ok(nameserver, 'resolv.conf names a nameserver');
    const dig = (name: string): string => spawnSync('dig', ['+short', '+time=2', '+tries=1', `@${nameserver}`, name], { encoding: 'utf8' }).stdout.trim();
    const fqdn = 'probed-0.probed.default.svc.cluster.local';
    await eventually(() => (dig(fqdn) === ip ? true : undefined), `${fqdn} -> ${ip}`);
    await eventually(() => (dig('probed.default.svc.cluster.local') === ip ? true : undefined), 'headless service A record');
    // the pod resolves its peers by name through the embedded DNS, with the kubelet's search path
    assert.match(await kubectl.ok('exec', 'probed-0', '--', 'getent', 'hosts', 'probed-0.probed'), new RegExp(`^${ip.replace(/\./g, '\\.')}\\s`));
    await kubectl.ok('exec', 'probed-0', '--', 'rm', '/tmp/ready');
    await eventually(async () => (!isReady(await getPod('probed-0')) ? true : undefined), 'probed-0 not Ready', 15_000);
    await eventually(async () => {
      const ep = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/endpoints/probed`);
      const ready = (ep['subsets'] ?? []).flatMap((s: Obj) => s['addresses'] ?? []);
      return ready.length === 0 ? true : undefined;
    }, 'no ready endpoint address', 15_000);
    await eventually(() => (dig(fqdn) === '' ? true : undefined), `${fqdn} gone from DNS`, 15_000);
  });

  it('an image it cannot map fails like a pull: ErrImagePull, then ImagePullBackOff', async () => {
    await create(pod('nopull', { containers: [{ name: 'main', image: 'registry.example/no-such-image:1' }] }), `/api/v1/namespaces/${ns}/pods`);
    const reasons = new Set<string>();
    await eventually(async () => {
      const r = (await getPod('nopull'))?.['status']?.containerStatuses?.[0]?.state?.waiting?.reason;
      if (r) reasons.add(r);
      return reasons.has('ImagePullBackOff') ? true : undefined;
    }, 'ImagePullBackOff', 30_000);
    assert.ok(reasons.has('ErrImagePull') || reasons.has('ImagePullBackOff'));
    const events = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/events`, { query: { fieldSelector: 'involvedObject.name=nopull' } });
    assert.ok(events['items'].some((e: Obj) => /Failed to pull image "registry\.example\/no-such-image:1"/.test(e['message'])), 'a Failed event names the image');
  });

  it('deleting a pod stops its processes within the grace period and removes it', async () => {
    const pid = await eventually(() => hostPidOf(['sleep', '31338']), 'the container process of probed-0');
    const started = Date.now();
    await kubectl.ok('delete', 'pod', 'probed-0', '--grace-period=2');
    assert.equal(await getPod('probed-0'), undefined);
    assert.ok(Date.now() - started < 10_000);
    // sleep ignores SIGTERM as PID 1: it is killed when the grace period ends
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
  });

  it('after kill -9 of the server its pods\' processes are gone; a restart removes what was left and runs the pods again', async () => {
    const pid = await eventually(() => hostPidOf(['sleep', '31337']), 'the container process of shell');
    const before = (await getPod('shell'))!['status'].containerStatuses[0].restartCount as number;
    const namespaces = (): string[] => spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(`${server.networkPrefix}-`));
    client.close();
    await server.kill9();
    await eventually(() => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 'the container process ended with the server');
    assert.ok(namespaces().length > 0, 'a crashed server leaves its namespaces behind');
    await server.restart();
    client = await KubeClient.fromFile(server.kubeconfigPath);
    const s = await eventually(async () => {
      const st = (await getPod('shell'))?.['status']?.containerStatuses?.[0];
      return st?.restartCount === before + 1 && st.state?.running && isReady(await getPod('shell')) ? st : undefined;
    }, 'shell running again with one more restart', 30_000);
    assert.ok(s);
    // one namespace per pod that has one (running, or waiting with its sandbox up): the leftovers are gone
    await eventually(async () => {
      const pods = (await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/pods`))['items'] as Obj[];
      const withSandbox = pods.filter((p) => p['status']?.podIP && !['Succeeded', 'Failed'].includes(p['status']?.phase));
      return withSandbox.length === pods.length && namespaces().length === pods.length ? true : undefined;
    }, 'one namespace per pod', 20_000);
    assert.notEqual(hostPidOf(['sleep', '31337']), pid);
  });
});
