// RBD volumes attached on the node, against a real one-node Ceph (memstore) and a real `ordinal
// server` with two node agents: seed 004's inline rbd volume on an image without a filesystem (made,
// mounted, written), a second pod on the other node refused while the first holds the image and
// started once it is gone, seed 002's static PV found by a label selector, a ceph-csi PV, readOnly,
// a missing Secret, and a killed server whose detached rbd-fuse the next start releases. After
// every step that lets go of an image, `rbd status` must list no watcher.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { RbdFuseAttacher } from '../src/agent/volumes/rbd/index.js';
import { runHostCommand } from '../src/agent/volumes/rbd/host-command.js';
import { mountsUnder } from '../src/agent/volumes/rbd/host-mounts.js';
import { attachmentLoops, rbdFusePidsFor } from '../src/agent/volumes/rbd/teardown.js';
import { attachmentIds, attachmentPaths, readState } from '../src/agent/volumes/rbd/attachment-state.js';
import { startTestCeph, type TestCeph } from './support/ceph.js';
import { eventually } from './support/kube.js';
import { kubectlFor } from './support/kubectl.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ns = 'devops';
const tag = Math.random().toString(36).slice(2, 7);
const img = (name: string): string => `rbdt-${tag}-${name}`;
let ceph: TestCeph;
let server: ServerProcess;
let client: KubeClient;
let dataDir: string;
let home: string;
let key: string;
const timings: Record<string, number | number[]> = {};
let earlierLogs = '';

const podPath = (name: string): string => `/api/v1/namespaces/${ns}/pods/${name}`;
const getPod = (name: string): Promise<Obj | undefined> => client.getIfExists<Obj>(podPath(name));
const rbdRoot = (): string => join(dataDir, 'rbd');

async function rbd(args: string[]): Promise<string> {
  return ceph.cli.rbd(ceph.admin, args);
}

async function watchers(image: string): Promise<Array<{ address: string; client: number }>> {
  return (await ceph.cli.rbdJson<{ watchers: Array<{ address: string; client: number }> }>(ceph.admin, ['status', `kube/${image}`])).watchers;
}

function inlineVolume(image: string, extra: Obj = {}): Obj {
  return { name: 'data', rbd: { monitors: ceph.monitors, pool: 'kube', image, user: 'kube', secretRef: { name: 'ceph-secret' }, fsType: 'ext4', readOnly: false, ...extra } };
}

async function createPod(name: string, nodeName: string, volume: Obj, script: string, mountPath = '/var/lib/mysql-data'): Promise<Obj> {
  return client.request<Obj>('POST', `/api/v1/namespaces/${ns}/pods`, {
    body: {
      apiVersion: 'v1', kind: 'Pod', metadata: { name },
      spec: {
        nodeName, terminationGracePeriodSeconds: 1,
        containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', script], volumeMounts: [{ name: volume['name'], mountPath }] }],
        volumes: [volume],
      },
    },
  });
}

async function runningPod(name: string, timeoutMs = 60_000): Promise<Obj> {
  return eventually(async () => {
    const p = await getPod(name);
    return p?.['status']?.phase === 'Running' && p['status']?.containerStatuses?.[0]?.ready ? p : undefined;
  }, `pod ${name} running`, timeoutMs);
}

async function deletePod(name: string): Promise<void> {
  await client.request('DELETE', podPath(name)).catch(() => undefined);
  await eventually(async () => ((await getPod(name)) === undefined ? true : undefined), `pod ${name} gone`, 60_000);
}

async function podEvent(name: string, reason: string, pattern: RegExp, timeoutMs = 30_000): Promise<Obj> {
  return eventually(async () => {
    const list = await client.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/${ns}/events`);
    return list.items.find((e) => e['involvedObject']?.name === name && e['reason'] === reason && pattern.test(String(e['message'])));
  }, `event ${reason} ${pattern} on ${name}`, timeoutMs);
}

async function exec(pod: string, script: string): Promise<{ code: number; out: string; err: string }> {
  return kubectlFor(server.kubeconfigPath, home).run(['exec', '-n', ns, pod, '--', 'sh', '-c', script]);
}

/** What the attacher holds on this host for our data dir: attachment dirs, loop devices, rbd-fuse processes, mounts. */
async function held(): Promise<string[]> {
  const out: string[] = [];
  for (const id of attachmentIds(rbdRoot())) {
    const paths = attachmentPaths(rbdRoot(), id);
    const state = readState(paths);
    out.push(`attachment ${id}`);
    for (const l of await attachmentLoops(runHostCommand, paths, state)) out.push(`loop ${l}`);
    for (const p of rbdFusePidsFor(paths.fuseDir)) out.push(`rbd-fuse ${p}`);
  }
  for (const m of mountsUnder(rbdRoot())) if (m !== rbdRoot()) out.push(`mount ${m}`);
  return out;
}

async function nothingHeld(what: string): Promise<void> {
  await eventually(async () => ((await held()).length === 0 ? true : undefined), `${what}: nothing held on the host`, 10_000).catch(async (e: unknown) => {
    throw new Error(`${(e as Error).message}: ${(await held()).join(', ')}`);
  });
}

before(async () => {
  ceph = await startTestCeph();
  await ceph.cli.ceph(ceph.admin, ['osd', 'pool', 'create', 'kube', '8']);
  await rbd(['pool', 'init', 'kube']);
  await ceph.cli.ceph(ceph.admin, ['auth', 'get-or-create', 'client.kube', 'mon', 'profile rbd', 'osd', 'profile rbd pool=kube', 'mgr', 'profile rbd pool=kube']);
  key = (await ceph.cli.cephJson<{ key: string }>(ceph.admin, ['auth', 'get-key', 'client.kube'])).key;
  dataDir = mkdtempSync(join(tmpdir(), 'ordinal-rbd-attach-'));
  home = mkdtempSync(join(tmpdir(), 'ordinal-rbd-attach-home-'));
  server = await startServerProcess({ agents: true, dataDir, extraArgs: ['--nodes', '2'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  await eventually(async () => {
    const nodes = await client.request<Obj>('GET', '/api/v1/nodes');
    return nodes['items'].length === 2 ? true : undefined;
  }, 'two nodes', 30_000);
  await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
  // the in-tree Secret as seeds write it: `echo KEY | base64` (a trailing newline in the key)
  await client.request('POST', `/api/v1/namespaces/${ns}/secrets`, {
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ceph-secret' }, type: 'kubernetes.io/rbd', data: { key: Buffer.from(`${key}\n`).toString('base64') } },
  });
});

after(async () => {
  client?.close();
  // the server's own shutdown releases every attachment; whatever a failed test left, the
  // attacher's start-up cleanup releases too - before the data dir (with mounts under it) goes
  await server?.cleanup();
  if (dataDir) {
    await new RbdFuseAttacher({ root: rbdRoot() }).cleanup().catch((e: unknown) => console.error(`rbd cleanup: ${(e as Error).message}`));
    if (mountsUnder(dataDir).length === 0) rmSync(dataDir, { recursive: true, force: true });
    else console.error(`left ${dataDir} in place: still mounted ${mountsUnder(dataDir).join(', ')}`);
  }
  if (home) rmSync(home, { recursive: true, force: true });
  await ceph?.stop();
  // the agent's own measurements (its log lines 'rbd image attached' / 'rbd image detached', ms)
  for (const [msg, label] of [['rbd image attached', 'attach'], ['rbd image detached', 'detach']] as const) {
    const ms = (earlierLogs + (server?.logs() ?? '')).split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).map((l) => Number(/"ms":(\d+)/.exec(l)?.[1])).filter((n) => !Number.isNaN(n)).sort((a, b) => a - b);
    if (ms.length) timings[`agent ${label} (n=${ms.length}, min/median/max)`] = [ms[0]!, ms[Math.floor(ms.length / 2)]!, ms[ms.length - 1]!];
  }
  console.log(`rbd attach timings (ms): ${JSON.stringify(timings)}`);
});

describe('RBD volumes on the node', () => {
  let holder: { address: string; client: number };

  it('seed 004: an inline rbd volume on an image without a filesystem is formatted, mounted (mount point created) and written', async () => {
    await rbd(['create', `kube/${img('seed004')}`, '--size', '64', '--image-feature', 'layering']);
    const started = Date.now();
    await createPod('mysql-a', 'node-1', inlineVolume(img('seed004')), 'echo "from pod a" > /var/lib/mysql-data/hello && exec sleep 3600');
    await podEvent('mysql-a', 'SuccessfulMountVolume', /^MountVolume\.SetUp succeeded for volume "data"$/, 60_000);
    timings['first attach (create -> SuccessfulMountVolume, with mkfs)'] = Date.now() - started;
    await podEvent('mysql-a', 'SuccessfulAttachVolume', /^AttachVolume\.Attach succeeded for volume "data"$/);
    await runningPod('mysql-a');
    const ls = await exec('mysql-a', 'ls -a /var/lib/mysql-data; cat /var/lib/mysql-data/hello; touch /var/lib/mysql-data/root-can-write && echo writable');
    assert.equal(ls.code, 0, ls.err);
    assert.match(ls.out, /lost\+found/);
    assert.match(ls.out, /from pod a/);
    assert.match(ls.out, /writable/);
    const w = await watchers(img('seed004'));
    assert.equal(w.length, 1, JSON.stringify(w));
    holder = w[0]!;
    const states = attachmentIds(rbdRoot()).map((id) => readState(attachmentPaths(rbdRoot(), id))!);
    assert.equal(states.length, 1);
    assert.equal(states[0]!.formatted, true);
    assert.equal(states[0]!.detached, true);
    assert.equal(states[0]!.watcher?.address, holder.address);
    const dir = attachmentPaths(rbdRoot(), states[0]!.id).dir;
    assert.equal(statSync(join(dir, 'keyring')).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(dir, 'fuse')), [], 'the fuse mount is detached from the tree');
    const log = server.logs();
    assert.ok(!log.includes(key), 'the key is not in the server log');
  });

  it('a second pod on the other node mounting the image read-write is refused, naming the holder; it starts once the first is gone', async () => {
    await createPod('mysql-b', 'node-2', inlineVolume(img('seed004')), 'cat /var/lib/mysql-data/hello; exec sleep 3600');
    const refused = await podEvent('mysql-b', 'FailedMount', /still being used/);
    assert.equal(refused['type'], 'Warning');
    assert.equal(refused['message'], `MountVolume.SetUp failed for volume "data" : rbd image kube/${img('seed004')} is still being used by ${holder.address} (client.${holder.client}): another node or pod has it mapped`);
    assert.equal((await getPod('mysql-b'))?.['status']?.phase, 'Pending');
    const deleted = Date.now();
    await deletePod('mysql-a');
    timings['pod deleted -> first watcher gone'] = await eventually(async () => ((await watchers(img('seed004'))).every((x) => x.address !== holder.address) ? Date.now() - deleted : undefined), 'the first watcher to go', 20_000);
    await runningPod('mysql-b');
    timings['pod a deleted -> pod b running (retry every 3 s)'] = Date.now() - deleted;
    const cat = await exec('mysql-b', 'cat /var/lib/mysql-data/hello; ls /var/lib/mysql-data');
    assert.match(cat.out, /from pod a/, 'what pod a wrote is in the image');
    assert.doesNotMatch(cat.out, /^$/);
    const w = await watchers(img('seed004'));
    assert.equal(w.length, 1);
    assert.notEqual(w[0]!.address, holder.address);
  });

  it('deleting the pod releases everything: no watcher, loop device, mount or rbd-fuse remains', async () => {
    const deleted = Date.now();
    await deletePod('mysql-b');
    timings['pod b deleted -> gone from the API'] = Date.now() - deleted;
    assert.deepEqual(await watchers(img('seed004')), []);
    await nothingHeld('after pod b');
  });

  it('seed 002: a static PV with an rbd: source (features disabled by hand), bound by a label selector, is mounted by the pod', async () => {
    await rbd(['create', `kube/${img('mysql-pv')}`, '--size', '64']);
    await rbd(['feature', 'disable', `kube/${img('mysql-pv')}`, 'object-map', 'fast-diff', 'deep-flatten', 'exclusive-lock']);
    await client.request('POST', '/api/v1/persistentvolumes', {
      body: {
        apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `mysql-pv-${tag}`, labels: { app: `mysql-${tag}` } },
        spec: {
          capacity: { storage: '64Mi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: '',
          rbd: { monitors: ceph.monitors, pool: 'kube', image: img('mysql-pv'), user: 'kube', secretRef: { name: 'ceph-secret', namespace: ns }, fsType: 'ext4', readOnly: false },
        },
      },
    });
    await client.request('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
      body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'db-mysql-0' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', selector: { matchLabels: { app: `mysql-${tag}` } }, resources: { requests: { storage: '64Mi' } } } },
    });
    await eventually(async () => ((await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/db-mysql-0`))['status']?.phase === 'Bound' ? true : undefined), 'db-mysql-0 Bound', 30_000);
    await createPod('mysql-0', 'node-1', { name: 'db', persistentVolumeClaim: { claimName: 'db-mysql-0' } }, 'echo seed-002 > /var/lib/mysql/marker && exec sleep 3600', '/var/lib/mysql');
    await runningPod('mysql-0');
    await podEvent('mysql-0', 'SuccessfulAttachVolume', new RegExp(`^AttachVolume\\.Attach succeeded for volume "mysql-pv-${tag}"$`));
    assert.match((await exec('mysql-0', 'cat /var/lib/mysql/marker')).out, /seed-002/);
    assert.equal((await watchers(img('mysql-pv'))).length, 1);
    await deletePod('mysql-0');
    assert.deepEqual(await watchers(img('mysql-pv')), []);
    await nothingHeld('after mysql-0');
  });

  it('a ceph-csi PV (rbd.csi.ceph.com): monitors from ceph-csi-config by clusterID, user and key from the node-stage Secret', async () => {
    await rbd(['create', `kube/${img('csi-vol')}`, '--size', '64', '--image-feature', 'layering']);
    if (!(await client.getIfExists('/api/v1/namespaces/kube-system'))) await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'kube-system' } } });
    const config = JSON.stringify([{ clusterID: ceph.fsid, monitors: ceph.monitors }]);
    const cmPath = '/api/v1/namespaces/kube-system/configmaps/ceph-csi-config';
    if (await client.getIfExists(cmPath)) {
      await client.request('PATCH', cmPath, { body: { data: { 'config.json': config } }, contentType: 'application/merge-patch+json' });
    } else {
      await client.request('POST', '/api/v1/namespaces/kube-system/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ceph-csi-config' }, data: { 'config.json': config } } });
    }
    await client.request('POST', `/api/v1/namespaces/${ns}/secrets`, { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'csi-rbd-secret' }, stringData: { userID: 'kube', userKey: key } } });
    await client.request('POST', '/api/v1/persistentvolumes', {
      body: {
        apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `csi-pv-${tag}` },
        spec: {
          capacity: { storage: '64Mi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: '',
          csi: {
            driver: 'rbd.csi.ceph.com', volumeHandle: `csi-${tag}`, fsType: 'ext4',
            volumeAttributes: { clusterID: ceph.fsid, pool: 'kube', imageName: img('csi-vol'), imageFeatures: 'layering' },
            nodeStageSecretRef: { name: 'csi-rbd-secret', namespace: ns },
          },
        },
      },
    });
    await client.request('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
      body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'csi-claim' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', volumeName: `csi-pv-${tag}`, resources: { requests: { storage: '64Mi' } } } },
    });
    await createPod('csi-0', 'node-2', { name: 'data', persistentVolumeClaim: { claimName: 'csi-claim' } }, 'echo csi > /data/marker && exec sleep 3600', '/data');
    await runningPod('csi-0');
    assert.match((await exec('csi-0', 'cat /data/marker; ls /data')).out, /csi\s+lost\+found\s+marker/);
    assert.equal((await watchers(img('csi-vol'))).length, 1);
    await deletePod('csi-0');
    assert.deepEqual(await watchers(img('csi-vol')), []);
  });

  it('readOnly: writes fail, two read-only pods share the attachment, and an image without a filesystem is not formatted read-only', async () => {
    await createPod('reader-1', 'node-1', inlineVolume(img('seed004'), { readOnly: true }), 'exec sleep 3600', '/data');
    await createPod('reader-2', 'node-2', inlineVolume(img('seed004'), { readOnly: true }), 'exec sleep 3600', '/data');
    await runningPod('reader-1');
    await runningPod('reader-2');
    assert.match((await exec('reader-1', 'cat /data/hello')).out, /from pod a/);
    const write = await exec('reader-2', 'echo x > /data/nope');
    assert.notEqual(write.code, 0);
    assert.match(write.err + write.out, /Read-only file system/);
    assert.equal((await watchers(img('seed004'))).length, 1, 'one rbd-fuse for both readers');
    await createPod('writer', 'node-1', inlineVolume(img('seed004')), 'exec sleep 3600', '/data');
    await podEvent('writer', 'FailedMount', /still being used by/);
    await deletePod('writer');
    await rbd(['create', `kube/${img('blank')}`, '--size', '64', '--image-feature', 'layering']);
    await createPod('blank-ro', 'node-2', inlineVolume(img('blank'), { readOnly: true }), 'exec sleep 3600', '/data');
    await podEvent('blank-ro', 'FailedMount', new RegExp(`rbd image kube/${img('blank')} has no filesystem and the volume is read-only: it cannot be formatted`));
    await deletePod('blank-ro');
    await deletePod('reader-1');
    assert.equal((await watchers(img('seed004'))).length, 1, 'reader-2 still holds it');
    await deletePod('reader-2');
    assert.deepEqual(await watchers(img('seed004')), []);
    assert.deepEqual(await watchers(img('blank')), []);
    await nothingHeld('after the readers');
  });

  it('a missing Secret and a missing image are FailedMount events with the reason', async () => {
    await createPod('no-secret', 'node-1', inlineVolume(img('seed004'), { secretRef: { name: 'nope' } }), 'exec sleep 3600');
    await podEvent('no-secret', 'FailedMount', new RegExp(`^MountVolume\\.SetUp failed for volume "data" : couldn't get secret ${ns}/nope: secrets "nope" not found$`));
    await createPod('no-image', 'node-1', inlineVolume(img('missing')), 'exec sleep 3600');
    await podEvent('no-image', 'FailedMount', /No such file or directory/);
    await deletePod('no-secret');
    await deletePod('no-image');
    await nothingHeld('after the failures');
  });

  it("'ordinal node stop' (every pod killed, like a power cut) releases the node's images; 'node start' attaches them again", async () => {
    const setStopped = (stopped: boolean): Promise<unknown> => client.request('PATCH', '/api/v1/nodes/node-2', {
      body: { metadata: { annotations: { 'node.ordinal.dev/stopped': stopped ? 'true' : null } } }, contentType: 'application/merge-patch+json',
    });
    const agentState = async (): Promise<string | undefined> => (await client.request<Obj>('GET', '/api/v1/nodes/node-2'))['metadata']?.annotations?.['node.ordinal.dev/agent-state'];
    await createPod('on-node-2', 'node-2', inlineVolume(img('seed004')), 'exec sleep 3600');
    await runningPod('on-node-2');
    const first = (await watchers(img('seed004')))[0]!;
    await setStopped(true);
    await eventually(async () => ((await agentState()) === 'stopped' ? true : undefined), 'node-2 stopped', 30_000);
    assert.deepEqual(await watchers(img('seed004')), [], 'the killed pod let go of its image');
    await nothingHeld('after node stop');
    await setStopped(false);
    await eventually(async () => ((await watchers(img('seed004')))[0]?.address !== undefined ? true : undefined), 'the image attached again after node start', 30_000);
    assert.notEqual((await watchers(img('seed004')))[0]!.address, first.address);
    await deletePod('on-node-2');
    assert.deepEqual(await watchers(img('seed004')), []);
  });

  it('a killed server leaves rbd-fuse running (detached); the next start releases it and the pod mounts the image again', async () => {
    await createPod('survivor', 'node-1', inlineVolume(img('seed004')), 'echo again >> /var/lib/mysql-data/hello && exec sleep 3600');
    await runningPod('survivor');
    const [id] = attachmentIds(rbdRoot());
    const before = readState(attachmentPaths(rbdRoot(), id!))!;
    const old = (await watchers(img('seed004')))[0]!;
    earlierLogs = server.logs();
    await server.kill9();
    assert.deepEqual(rbdFusePidsFor(attachmentPaths(rbdRoot(), id!).fuseDir), [before.pid], 'rbd-fuse outlived the server');
    assert.equal((await watchers(img('seed004')))[0]?.address, old.address);
    const restarted = Date.now();
    await server.restart();
    client.close();
    client = await KubeClient.fromFile(server.kubeconfigPath);
    // the pod's status still says Running from before the kill: wait for the restarted container
    await eventually(async () => {
      const p = await getPod('survivor');
      const s = p?.['status']?.containerStatuses?.[0];
      return s?.restartCount >= 1 && s.ready && s.state?.running ? p : undefined;
    }, 'survivor restarted and ready', 90_000);
    timings['server restart -> pod running again'] = Date.now() - restarted;
    assert.deepEqual(rbdFusePidsFor(attachmentPaths(rbdRoot(), id!).fuseDir).filter((p) => p === before.pid), [], 'the old rbd-fuse is gone');
    const w = await watchers(img('seed004'));
    assert.equal(w.length, 1, JSON.stringify(w));
    assert.notEqual(w[0]!.address, old.address, 'a new rbd-fuse');
    assert.match((await exec('survivor', 'cat /var/lib/mysql-data/hello')).out, /from pod a\nagain\nagain/);
    await deletePod('survivor');
    assert.deepEqual(await watchers(img('seed004')), []);
    await nothingHeld('after the survivor');
  });
});
