// Seed 003's etcd StatefulSet as written (examples/seed-003/etcd.yaml): its shell script pings the
// peers by DNS name, takes its address from `hostname -i`, and starts a static 3-member cluster
// behind a Service that publishes not-ready pods.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KubeClient } from '../src/client/index.js';
import { eventually } from './support/kube.js';
import { kubectlFor } from './support/kubectl.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: ServerProcess;
let client: KubeClient;
let home: string;
let kubectl: ReturnType<typeof kubectlFor>;

before(async () => {
  server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '3'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  home = mkdtempSync(join(tmpdir(), 'ordinal-seed003-'));
  kubectl = kubectlFor(server.kubeconfigPath, home);
});

after(async () => {
  client?.close();
  await server?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('seed 003: etcd on a StatefulSet', () => {
  it('forms a healthy 3-member cluster', async () => {
    await kubectl.ok('apply', '-f', fileURLToPath(new URL('../../examples/seed-003/etcd.yaml', import.meta.url)));
    await eventually(async () => {
      const s = await client.getIfExists<Obj>('/apis/apps/v1/namespaces/default/statefulsets/etcd');
      return s?.['status']?.readyReplicas === 3 ? s : undefined;
    }, 'etcd 3/3 ready', 120_000);
    const members = await eventually(async () => {
      const r = await kubectl.run(['exec', 'etcd-0', '--', 'etcdctl', 'member', 'list']);
      const started = r.out.split('\n').filter((l) => l.includes(', started, '));
      return started.length === 3 ? r.out : undefined;
    }, 'three started members', 90_000);
    for (const i of [0, 1, 2]) assert.match(members, new RegExp(`, started, etcd-${i}, http://etcd-${i}\\.etcd\\.default\\.svc\\.cluster\\.local:2380`));
    const health = await eventually(async () => {
      const r = await kubectl.run(['exec', 'etcd-0', '--', 'etcdctl', '--endpoints', 'http://etcd-0.etcd:2379,http://etcd-1.etcd:2379,http://etcd-2.etcd:2379', 'endpoint', 'health']);
      return (r.out + r.err).split('\n').filter((l) => l.includes('is healthy')).length === 3 ? r.out + r.err : undefined;
    }, 'three healthy endpoints', 60_000);
    assert.doesNotMatch(health, /unhealthy/);
    await kubectl.ok('exec', 'etcd-1', '--', 'etcdctl', 'put', 'seed', '003');
    assert.match(await kubectl.ok('exec', 'etcd-2', '--', 'etcdctl', 'get', 'seed'), /^seed\n003\n/);
  });
});
