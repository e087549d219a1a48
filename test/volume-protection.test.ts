// Storage-object-in-use protection against a real `ordinal server` and the real kubectl: the
// kubernetes.io/pvc-protection and kubernetes.io/pv-protection finalizers added on create, a claim
// kept (Terminating) while a scheduled pod uses it, a bound volume kept until its claim is gone,
// and reclaim Delete still removing a provisioned local-path volume. The test plays the kubelet
// (pod status through /status, the final grace-0 delete); the server's scheduler places the pods.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { eventually } from './support/kube.js';
import { kubectlFor } from './support/kubectl.js';
import { finishPodDeletion, podPath, setPodRunning } from './support/kubelet.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ns = 'protect';
const pvcProtection = 'kubernetes.io/pvc-protection';
const pvProtection = 'kubernetes.io/pv-protection';
let server: ServerProcess;
let client: KubeClient;
let home: string;
let hostDir: string;
let kubectl: ReturnType<typeof kubectlFor>;

const claimPath = (name: string): string => `/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`;
const pvPath = (name: string): string => `/api/v1/persistentvolumes/${name}`;
const get = (path: string): Promise<Obj | undefined> => client.getIfExists<Obj>(path);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function createClaim(name: string, spec: Obj = {}): Promise<Obj> {
  return client.request<Obj>('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
    body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec } },
  });
}

async function createPod(name: string, claimName: string): Promise<void> {
  await client.request('POST', `/api/v1/namespaces/${ns}/pods`, {
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'main', image: 'busybox' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } },
  });
}

async function boundClaim(name: string): Promise<Obj> {
  return eventually(async () => {
    const c = await get(claimPath(name));
    return c?.['status']?.phase === 'Bound' ? c : undefined;
  }, `claim ${name} to be Bound`);
}

/** The scheduler places the pod (and so provisions a WaitForFirstConsumer claim); then it "runs". */
async function runningPod(name: string): Promise<Obj> {
  await eventually(async () => (await get(podPath(ns, name)))?.['spec']?.nodeName, `pod ${name} to be scheduled`, 20_000);
  return setPodRunning(client, ns, name);
}

async function gone(path: string, timeoutMs?: number): Promise<void> {
  await eventually(async () => ((await get(path)) === undefined ? true : undefined), `${path} to be gone`, timeoutMs);
}

/** A STATUS cell of `kubectl get <kind> <name>` (column 1 for claims, 4 for volumes). */
async function kubectlStatus(kind: 'pvc' | 'pv', name: string): Promise<string | undefined> {
  const out = await kubectl.ok('get', kind, name, ...(kind === 'pvc' ? ['-n', ns] : []), '--no-headers');
  return out.trim().split(/\s+/)[kind === 'pvc' ? 1 : 4];
}

before(async () => {
  server = await startServerProcess();
  client = await KubeClient.fromFile(server.kubeconfigPath);
  home = mkdtempSync(join(tmpdir(), 'ordinal-kubectl-home-'));
  hostDir = mkdtempSync(join(tmpdir(), 'ordinal-static-pv-'));
  kubectl = kubectlFor(server.kubeconfigPath, home);
  await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
  await client.request('POST', '/apis/storage.k8s.io/v1/storageclasses', {
    body: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'ordinal.dev/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' },
  });
});

after(async () => {
  client.close();
  await server.cleanup();
  rmSync(home, { recursive: true, force: true });
  rmSync(hostDir, { recursive: true, force: true });
});

describe('admission', () => {
  it('a new claim gets kubernetes.io/pvc-protection and a new volume kubernetes.io/pv-protection, once', async () => {
    const claim = await createClaim('plain', { storageClassName: 'fast' });
    assert.deepEqual(claim['metadata'].finalizers, [pvcProtection]);
    const again = await client.request<Obj>('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims?dryRun=All`, {
      body: { metadata: { name: 'dry', finalizers: [pvcProtection] }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    });
    assert.deepEqual(again['metadata'].finalizers, [pvcProtection], 'not added twice');
    const pv = (await get(pvPath((await boundClaim('plain'))['spec'].volumeName)))!;
    assert.deepEqual([...pv['metadata'].finalizers].sort(), ['kubernetes.io/pv-controller', pvProtection], 'a provisioned volume: both finalizers');
  });

  it('the controller puts the finalizer back on a claim that lost it (a claim from before admission added it)', async () => {
    await client.request('PATCH', claimPath('plain'), { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    await eventually(async () => (await get(claimPath('plain')))?.['metadata'].finalizers?.includes(pvcProtection), 'the finalizer back');
  });
});

describe('pvc-protection', () => {
  it('an unused claim goes at once (within a second)', async () => {
    const started = Date.now();
    await client.request('DELETE', claimPath('plain'));
    await gone(claimPath('plain'), 1000);
    assert.ok(Date.now() - started < 1000);
  });

  it('a claim used by a running pod stays Terminating until the pod is gone; then it, its provisioned volume and the directory go', async () => {
    await createClaim('data-db-0'); // the default local-path class: WaitForFirstConsumer, reclaim Delete
    await createPod('db-0', 'data-db-0');
    await runningPod('db-0');
    const claim = await boundClaim('data-db-0');
    const pvName: string = claim['spec'].volumeName;
    const dir = join(server.dataDir, 'volumes', pvName);
    assert.ok(existsSync(dir));

    const deleted = await client.request<Obj>('DELETE', claimPath('data-db-0'));
    assert.ok(deleted['metadata'].deletionTimestamp, 'the response is the claim, marked for deletion');
    await sleep(700);
    const kept = (await get(claimPath('data-db-0')))!;
    assert.ok(kept['metadata'].deletionTimestamp);
    assert.deepEqual(kept['metadata'].finalizers, [pvcProtection]);
    assert.equal(kept['status'].phase, 'Bound', 'the phase is unchanged: Terminating is only how it prints');
    assert.equal(await kubectlStatus('pvc', 'data-db-0'), 'Terminating');
    assert.match(await kubectl.ok('describe', 'pvc', 'data-db-0', '-n', ns), /Used By:\s+db-0/);
    assert.equal((await get(pvPath(pvName)))?.['status'].phase, 'Bound');
    assert.ok(existsSync(dir), 'the data stays while the pod uses it');

    // a pod being deleted gracefully still has the volume mounted
    await client.request('DELETE', podPath(ns, 'db-0'));
    await sleep(500);
    assert.ok(await get(claimPath('data-db-0')), 'kept while the pod terminates');
    await finishPodDeletion(client, ns, 'db-0');
    await gone(claimPath('data-db-0'));
    await gone(pvPath(pvName));
    assert.ok(!existsSync(dir), 'reclaim Delete removed the directory');
  });

  it('a Succeeded pod still holds its claim until the pod object is deleted (kube waits for the pod, not its phase)', async () => {
    await createClaim('data-job', { storageClassName: 'fast' });
    await boundClaim('data-job');
    await createPod('job', 'data-job');
    await runningPod('job');
    const pod = (await get(podPath(ns, 'job')))!;
    pod['status'] = { ...pod['status'], phase: 'Succeeded' };
    await client.request('PUT', `${podPath(ns, 'job')}/status`, { body: pod });
    await client.request('DELETE', claimPath('data-job'));
    await sleep(700);
    assert.ok((await get(claimPath('data-job')))?.['metadata'].deletionTimestamp, 'kept: the pod object still exists');
    await client.request('DELETE', podPath(ns, 'job')); // a terminated pod goes at once
    await gone(claimPath('data-job'));
  });
});

describe('with a StatefulSet', () => {
  it('whenDeleted=Delete: the garbage collector deletes the claims with the set; they go once the pods have', async () => {
    await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, {
      body: {
        apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
        spec: {
          serviceName: 'web', replicas: 2, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'web' } },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'busybox' }] } },
          volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      },
    });
    for (const n of [0, 1]) await eventually(() => get(podPath(ns, `web-${n}`)), `pod web-${n}`);
    await Promise.all([0, 1].map((n) => runningPod(`web-${n}`)));
    const volumes = await Promise.all([0, 1].map(async (n) => (await boundClaim(`www-web-${n}`))['spec'].volumeName as string));

    await client.request('DELETE', `/apis/apps/v1/namespaces/${ns}/statefulsets/web`, { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
    for (const n of [0, 1]) {
      await eventually(async () => (await get(claimPath(`www-web-${n}`)))?.['metadata'].deletionTimestamp, `claim www-web-${n} deleted by the collector`);
      await eventually(async () => (await get(podPath(ns, `web-${n}`)))?.['metadata'].deletionTimestamp, `pod web-${n} terminating`);
    }
    await sleep(500);
    for (const n of [0, 1]) assert.deepEqual((await get(claimPath(`www-web-${n}`)))?.['metadata'].finalizers, [pvcProtection], `www-web-${n} kept while web-${n} terminates`);
    for (const n of [0, 1]) await finishPodDeletion(client, ns, `web-${n}`);
    for (const n of [0, 1]) await gone(claimPath(`www-web-${n}`));
    for (const pv of volumes) await gone(pvPath(pv));
  });
});

describe('pv-protection', () => {
  it('a bound volume deleted stays Terminating until its claim is gone', async () => {
    await client.request('POST', '/api/v1/persistentvolumes', {
      body: {
        apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'static-1' },
        spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', hostPath: { path: join(hostDir, 'static-1'), type: 'DirectoryOrCreate' } },
      },
    });
    assert.deepEqual((await get(pvPath('static-1')))!['metadata'].finalizers, [pvProtection]);
    await createClaim('static-claim', { storageClassName: 'manual' });
    assert.equal((await boundClaim('static-claim'))['spec'].volumeName, 'static-1');
    await eventually(async () => (await get(pvPath('static-1')))?.['status'].phase === 'Bound', 'the volume Bound');

    await client.request('DELETE', pvPath('static-1'));
    await sleep(700);
    const kept = (await get(pvPath('static-1')))!;
    assert.ok(kept['metadata'].deletionTimestamp);
    assert.deepEqual(kept['metadata'].finalizers, [pvProtection]);
    assert.equal(await kubectlStatus('pv', 'static-1'), 'Terminating');
    assert.equal((await get(claimPath('static-claim')))?.['status'].phase, 'Bound', 'the claim still works');

    await client.request('DELETE', claimPath('static-claim'));
    await gone(claimPath('static-claim'));
    await gone(pvPath('static-1'));
  });

  it('an unbound volume deleted goes at once', async () => {
    await client.request('POST', '/api/v1/persistentvolumes', {
      body: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'static-2' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'unused', hostPath: { path: join(hostDir, 'static-2') } } },
    });
    await eventually(async () => (await get(pvPath('static-2')))?.['status'].phase === 'Available', 'the volume Available');
    await client.request('DELETE', pvPath('static-2'));
    await gone(pvPath('static-2'), 1000);
  });
});

describe('with a node agent running the pod', () => {
  let agentServer: ServerProcess;
  let agentClient: KubeClient;

  before(async () => {
    agentServer = await startServerProcess({ agents: true, extraArgs: ['--nodes', '1'] });
    agentClient = await KubeClient.fromFile(agentServer.kubeconfigPath);
  });

  after(async () => {
    agentClient?.close();
    await agentServer?.cleanup();
  });

  it('the claim of a real running pod stays Terminating until the agent has stopped the pod; then the claim, volume and data go', async () => {
    const path = (name: string): string => `/api/v1/namespaces/default/persistentvolumeclaims/${name}`;
    const read = (p: string): Promise<Obj | undefined> => agentClient.getIfExists<Obj>(p);
    await agentClient.request('POST', '/api/v1/namespaces/default/persistentvolumeclaims', {
      body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-app' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    });
    await agentClient.request('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app' },
        spec: {
          terminationGracePeriodSeconds: 2,
          containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo kept > /data/file; exec sleep 31337'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-app' } }],
        },
      },
    });
    const pvName = await eventually(async () => {
      const c = await read(path('data-app'));
      return c?.['status']?.phase === 'Bound' ? (c['spec'].volumeName as string) : undefined;
    }, 'claim data-app Bound', 30_000);
    const file = join(agentServer.dataDir, 'volumes', pvName, 'file');
    await eventually(() => existsSync(file) || undefined, 'the pod to write to its volume', 30_000);

    await agentClient.request('DELETE', path('data-app'));
    await sleep(700);
    assert.deepEqual((await read(path('data-app')))?.['metadata'].finalizers, [pvcProtection]);
    assert.ok(existsSync(file), 'the data stays while the pod runs');

    await agentClient.request('DELETE', podPath('default', 'app'));
    await eventually(async () => ((await read(podPath('default', 'app'))) === undefined ? true : undefined), 'the agent to finish the pod', 30_000);
    await eventually(async () => ((await read(path('data-app'))) === undefined ? true : undefined), 'the claim to go');
    await eventually(async () => ((await read(pvPath(pvName))) === undefined ? true : undefined), 'the volume to go');
    assert.ok(!existsSync(file), 'reclaim Delete removed the data');
  });
});
