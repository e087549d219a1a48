// The StatefulSet controller inside a real `ordinal server`. The test plays the kubelet (pod status
// through /status). Pods use their own schedulerName, so no scheduler binds them and no agent runs
// them: deletion is immediate unless a test finalizer holds a pod in Terminating.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClient, type WatchHandle } from '../src/client/index.js';
import { fetchObserved, formatPlan, planStatefulSet } from '../src/controllers/statefulset/index.js';
import { eventually } from './support/kube.js';
import { podPath, setPodPhase, setPodRunning } from './support/kubelet.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const hold = 'test.ordinal.dev/hold';
const mergePatch = 'application/merge-patch+json';
let server: ServerProcess;
let client: KubeClient;

const setPath = (ns: string, name: string) => `/apis/apps/v1/namespaces/${ns}/statefulsets/${name}`;
const claimPath = (ns: string, name: string) => `/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`;

function statefulSet(name: string, spec: Obj = {}, template = 'www'): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { schedulerName: 'test-kubelet', containers: [{ name: 'main', image: 'nginx:1' }] } },
      volumeClaimTemplates: [{ metadata: { name: template }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

function get(path: string): Promise<Obj | undefined> {
  return client.getIfExists<Obj>(path);
}

async function names(ns: string, resource: 'pods' | 'persistentvolumeclaims' | 'controllerrevisions'): Promise<string[]> {
  const prefix = resource === 'controllerrevisions' ? '/apis/apps/v1' : '/api/v1';
  const list = await client.request<Obj>('GET', `${prefix}/namespaces/${ns}/${resource}`);
  return (list['items'] as Obj[]).map((i) => i['metadata'].name as string).sort();
}

async function setUp(ns: string, set: Obj): Promise<void> {
  await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
  await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { body: set });
}

const patch = (path: string, body: Obj) => client.request<Obj>('PATCH', path, { body, contentType: mergePatch });
const patchSet = (ns: string, name: string, spec: Obj) => patch(setPath(ns, name), { spec });
const setFinalizers = (ns: string, pod: string, finalizers: string[] | null) => patch(podPath(ns, pod), { metadata: { finalizers } });

const podExists = (ns: string, name: string) => eventually(() => get(podPath(ns, name)), `pod ${name}`);
const isDeleting = (ns: string, name: string) => eventually(async () => (await get(podPath(ns, name)))?.['metadata'].deletionTimestamp, `${name} terminating`);
const isGone = (ns: string, name: string) => eventually(async () => (await get(podPath(ns, name))) === undefined || undefined, `${name} gone`);

/** Assert that `bad()` stays false for `ms` (the controller had every chance to act). */
async function neverFor(ms: number, bad: () => Promise<unknown>, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    assert.ok(!(await bad()), what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Create-order of pods and claims, from a watch started before the set (creation resourceVersions). */
async function recordCreations(ns: string): Promise<{ created: Map<string, number>; stop(): void }> {
  const created = new Map<string, number>();
  const handles: WatchHandle[] = [];
  for (const r of ['pods', 'persistentvolumeclaims']) {
    handles.push(await client.watch(`/api/v1/namespaces/${ns}/${r}`, {}, (ev) => {
      const meta = ev.object['metadata'] as Obj;
      if (ev.type === 'ADDED' && !created.has(`${r}/${meta['name']}`)) created.set(`${r}/${meta['name']}`, Number(meta['resourceVersion']));
    }));
  }
  return { created, stop: () => handles.forEach((h) => h.stop()) };
}

async function runPod(ns: string, name: string, revision?: string): Promise<Obj> {
  await eventually(async () => {
    const pod = await get(podPath(ns, name));
    return pod && !pod['metadata'].deletionTimestamp && (!revision || pod['metadata'].labels['controller-revision-hash'] === revision) ? pod : undefined;
  }, `pod ${name}${revision ? ` at ${revision}` : ''}`);
  return setPodRunning(client, ns, name);
}

async function eventMessages(ns: string): Promise<string[]> {
  const list = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/events`);
  return (list['items'] as Obj[]).map((e) => `${e['reason']}: ${e['message']}`);
}

before(async () => {
  server = await startServerProcess();
  client = await KubeClient.fromFile(server.kubeconfigPath);
});

after(async () => {
  client.close();
  await server.cleanup();
});

describe('OrderedReady', () => {
  const ns = 'sts-ordered';

  it('creates each claim before its pod, and pod N+1 only once pod N is Running and Ready', async () => {
    await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
    const rec = await recordCreations(ns);
    await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { body: statefulSet('web') });
    for (const n of [0, 1, 2]) {
      await podExists(ns, `web-${n}`);
      if (n < 2) await neverFor(1200, () => get(podPath(ns, `web-${n + 1}`)), `web-${n + 1} must wait for web-${n}`);
      await setPodRunning(client, ns, `web-${n}`, { ready: false });
      if (n < 2) await neverFor(600, () => get(podPath(ns, `web-${n + 1}`)), `web-${n + 1} must wait for web-${n} to be Ready`);
      await setPodRunning(client, ns, `web-${n}`);
    }
    await eventually(async () => (await get(setPath(ns, 'web')))?.['status']?.readyReplicas === 3, 'readyReplicas 3');
    rec.stop();
    for (const n of [0, 1, 2]) {
      const claimRv = rec.created.get(`persistentvolumeclaims/www-web-${n}`);
      assert.ok(claimRv !== undefined && claimRv < rec.created.get(`pods/web-${n}`)!, `claim www-web-${n} before pod web-${n}`);
    }
    const pod = (await get(podPath(ns, 'web-1')))!;
    assert.equal(pod['spec'].hostname, 'web-1');
    assert.equal(pod['spec'].subdomain, 'web');
    assert.equal(pod['metadata'].labels['statefulset.kubernetes.io/pod-name'], 'web-1');
    assert.equal(pod['metadata'].labels['apps.kubernetes.io/pod-index'], '1');
    assert.deepEqual(pod['spec'].volumes.find((v: Obj) => v['name'] === 'www'), { name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    const events = await eventually(async () => {
      const all = await eventMessages(ns);
      return all.includes('SuccessfulCreate: create Pod web-2 in StatefulSet web successful') ? all : undefined;
    }, 'events');
    assert.ok(events.includes('SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success'), events.join('\n'));
  });

  it('re-creates a Failed pod with the same name and claim', async () => {
    const before = (await get(podPath(ns, 'web-1')))!;
    const claimUid = (await get(claimPath(ns, 'www-web-1')))!['metadata'].uid;
    await setPodPhase(client, ns, 'web-1', 'Failed');
    const after = await eventually(async () => {
      const p = await get(podPath(ns, 'web-1'));
      return p && p['metadata'].uid !== before['metadata'].uid ? p : undefined;
    }, 'a new web-1');
    assert.equal(after['spec'].volumes[0].persistentVolumeClaim.claimName, 'www-web-1');
    assert.equal((await get(claimPath(ns, 'www-web-1')))!['metadata'].uid, claimUid);
    await setPodRunning(client, ns, 'web-1');
  });

  it('scales down from the highest ordinal, one pod at a time, and keeps the claims', async () => {
    await setFinalizers(ns, 'web-1', [hold]);
    await setFinalizers(ns, 'web-2', [hold]);
    await patchSet(ns, 'web', { replicas: 1 });
    await isDeleting(ns, 'web-2');
    await neverFor(1200, async () => (await get(podPath(ns, 'web-1')))?.['metadata'].deletionTimestamp, 'web-1 must wait for web-2 to be gone');
    await setFinalizers(ns, 'web-2', null);
    await isDeleting(ns, 'web-1');
    await setFinalizers(ns, 'web-1', null);
    await isGone(ns, 'web-1');
    assert.deepEqual(await names(ns, 'pods'), ['web-0']);
    assert.deepEqual(await names(ns, 'persistentvolumeclaims'), ['www-web-0', 'www-web-1', 'www-web-2']);
  });

  it('reuses the retained claims on scale up', async () => {
    const uids = await Promise.all([0, 1, 2].map(async (n) => (await get(claimPath(ns, `www-web-${n}`)))!['metadata'].uid));
    await patchSet(ns, 'web', { replicas: 3 });
    await runPod(ns, 'web-1');
    await runPod(ns, 'web-2');
    assert.deepEqual(await Promise.all([0, 1, 2].map(async (n) => (await get(claimPath(ns, `www-web-${n}`)))!['metadata'].uid)), uids);
  });

  it('repairs identity labels in place', async () => {
    const uid = (await get(podPath(ns, 'web-0')))!['metadata'].uid;
    await patch(podPath(ns, 'web-0'), { metadata: { labels: { 'statefulset.kubernetes.io/pod-name': null } } });
    const repaired = await eventually(async () => {
      const p = await get(podPath(ns, 'web-0'));
      return p?.['metadata'].labels['statefulset.kubernetes.io/pod-name'] === 'web-0' ? p : undefined;
    }, 'label restored');
    assert.equal(repaired['metadata'].uid, uid);
  });

  it('adopts a matching orphan, and replaces it because it wears no revision', async () => {
    await setPodRunning(client, ns, 'web-2', { ready: false }); // hold the creation of web-3
    await patchSet(ns, 'web', { replicas: 4 });
    const orphan = await client.request<Obj>('POST', `/api/v1/namespaces/${ns}/pods`, {
      body: { metadata: { name: 'web-3', labels: { app: 'web' } }, spec: { schedulerName: 'test-kubelet', containers: [{ name: 'main', image: 'nginx:1' }] } },
    });
    const set = (await get(setPath(ns, 'web')))!;
    await eventually(async () => (await get(podPath(ns, 'web-3')))?.['metadata'].ownerReferences?.[0]?.uid === set['metadata'].uid, 'web-3 adopted');
    await setPodRunning(client, ns, 'web-2');
    await setPodRunning(client, ns, 'web-3');
    const fresh = await eventually(async () => {
      const p = await get(podPath(ns, 'web-3'));
      return p && p['metadata'].uid !== orphan['metadata'].uid ? p : undefined;
    }, 'web-3 re-created by the set');
    assert.equal(fresh['spec'].volumes[0].persistentVolumeClaim.claimName, 'www-web-3');
    assert.equal(fresh['metadata'].labels['controller-revision-hash'], set['status'].updateRevision);
  });
});

describe('Parallel', () => {
  it('creates and deletes all pods at once', async () => {
    const ns = 'sts-parallel';
    await setUp(ns, statefulSet('par', { podManagementPolicy: 'Parallel' }));
    await eventually(async () => (await names(ns, 'pods')).length === 3, 'three pods, none of them Running', 5000);
    assert.deepEqual(await names(ns, 'persistentvolumeclaims'), ['www-par-0', 'www-par-1', 'www-par-2']);
    for (const n of [0, 1, 2]) await setFinalizers(ns, `par-${n}`, [hold]);
    await patchSet(ns, 'par', { replicas: 0 });
    for (const n of [0, 1, 2]) await isDeleting(ns, `par-${n}`);
    for (const n of [0, 1, 2]) await setFinalizers(ns, `par-${n}`, null);
  });
});

describe('persistentVolumeClaimRetentionPolicy Delete/Delete', () => {
  it('the set owns claims in range; a condemned pod owns its claim before it is deleted', async () => {
    const ns = 'sts-retention';
    await setUp(ns, statefulSet('ret', { replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }, 'data'));
    await runPod(ns, 'ret-0');
    const pod1 = await runPod(ns, 'ret-1');
    const set = (await get(setPath(ns, 'ret')))!;
    for (const n of [0, 1]) {
      const refs = (await get(claimPath(ns, `data-ret-${n}`)))!['metadata'].ownerReferences;
      assert.deepEqual(refs.map((r: Obj) => [r['kind'], r['name'], r['uid'], r['controller']]), [['StatefulSet', 'ret', set['metadata'].uid, true]]);
    }
    await setFinalizers(ns, 'ret-1', [hold]);
    await patchSet(ns, 'ret', { replicas: 1 });
    await isDeleting(ns, 'ret-1');
    const refs = (await get(claimPath(ns, 'data-ret-1')))!['metadata'].ownerReferences;
    assert.deepEqual(refs.map((r: Obj) => [r['kind'], r['name'], r['uid']]), [['Pod', 'ret-1', pod1['metadata'].uid]]);
    await setFinalizers(ns, 'ret-1', null);
    // whenScaled=Delete: the garbage collector removes the claim once its pod is gone
    await eventually(async () => ((await get(claimPath(ns, 'data-ret-1'))) === undefined ? true : undefined), 'claim data-ret-1 to be collected after its pod');
    assert.equal((await get(claimPath(ns, 'data-ret-0')))!['metadata'].ownerReferences[0].kind, 'StatefulSet');
    // whenDeleted=Delete: deleting the set takes its pods and then its claims
    await client.request('DELETE', setPath(ns, 'ret'), { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
    await eventually(async () => ((await get(claimPath(ns, 'data-ret-0'))) === undefined ? true : undefined), 'claim data-ret-0 to be collected with its set', 20_000);
  });
});

describe('seed 002: a claim made by hand before the set', () => {
  it('is used when its name is <template>-<set>-<ordinal>; a claim named otherwise is left alone', async () => {
    const ns = 'sts-seed';
    await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
    const claim = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const mine = await client.request<Obj>('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, { body: claim('db-mysql-0') });
    const other = await client.request<Obj>('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, { body: claim('mysql-db-0') });
    await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { body: statefulSet('mysql', { replicas: 2, serviceName: 'mysql-service' }, 'db') });
    const pod = await runPod(ns, 'mysql-0');
    assert.equal(pod['spec'].volumes[0].persistentVolumeClaim.claimName, 'db-mysql-0');
    assert.equal(pod['spec'].subdomain, 'mysql-service');
    await runPod(ns, 'mysql-1');
    assert.equal((await get(claimPath(ns, 'db-mysql-0')))!['metadata'].uid, mine['metadata'].uid);
    const untouched = (await get(claimPath(ns, 'mysql-db-0')))!;
    assert.equal(untouched['metadata'].uid, other['metadata'].uid);
    assert.equal(untouched['metadata'].ownerReferences, undefined);
    assert.deepEqual((await get(claimPath(ns, 'db-mysql-1')))!['metadata'].labels, { app: 'mysql' });
    const events = await eventually(async () => {
      const all = await eventMessages(ns);
      return all.some((e) => e.includes('Claim db-mysql-1')) ? all : undefined;
    }, 'claim event');
    assert.ok(!events.some((e) => e.includes('create Claim db-mysql-0')), 'the hand-made claim is not created again');
  });
});

describe('a claim being deleted', () => {
  it('blocks the creation of its pod, says so, and the pod follows once the claim is gone', async () => {
    const ns = 'sts-blocked';
    await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
    const body = { metadata: { name: 'www-blk-0', finalizers: [hold] }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const old = await client.request<Obj>('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, { body });
    await client.request('DELETE', claimPath(ns, 'www-blk-0'));
    await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { body: statefulSet('blk', { replicas: 1 }) });
    await eventually(async () => (await eventMessages(ns)).includes('FailedCreate: create Pod blk-0 in StatefulSet blk failed error: pvc www-blk-0 is being deleted') || undefined, 'FailedCreate event');
    assert.equal(await get(podPath(ns, 'blk-0')), undefined);
    await patch(claimPath(ns, 'www-blk-0'), { metadata: { finalizers: null } });
    await podExists(ns, 'blk-0');
    const claim = (await get(claimPath(ns, 'www-blk-0')))!;
    assert.notEqual(claim['metadata'].uid, old['metadata'].uid, 'a new claim');
  });
});

describe('RollingUpdate', () => {
  const ns = 'sts-update';
  const revisionOf = async (name: string) => (await get(podPath(ns, name)))?.['metadata'].labels['controller-revision-hash'];

  it('replaces pods from the highest ordinal down, one at a time, never below the partition', async () => {
    await setUp(ns, statefulSet('web', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    for (const n of [0, 1, 2]) await runPod(ns, `web-${n}`);
    const rev1 = await eventually(async () => (await get(setPath(ns, 'web')))?.['status']?.currentRevision, 'currentRevision');
    const web0 = (await get(podPath(ns, 'web-0')))!['metadata'].uid;
    await patchSet(ns, 'web', { template: { spec: { containers: [{ name: 'main', image: 'nginx:2' }] } } });
    const rev2 = await eventually(async () => {
      const r = (await get(setPath(ns, 'web')))?.['status']?.updateRevision;
      return r && r !== rev1 ? r : undefined;
    }, 'a new update revision');
    await eventually(async () => (await revisionOf('web-2')) === rev2, 'web-2 at the new revision');
    await neverFor(1200, async () => (await revisionOf('web-1')) !== rev1, 'web-1 must wait for web-2 to be Ready');
    await runPod(ns, 'web-2', rev2);
    await runPod(ns, 'web-1', rev2);
    await neverFor(1200, async () => (await get(podPath(ns, 'web-0')))?.['metadata'].uid !== web0, 'web-0 is below the partition');
    assert.equal((await get(podPath(ns, 'web-2')))!['spec'].containers[0].image, 'nginx:2');
    await patchSet(ns, 'web', { updateStrategy: { rollingUpdate: { partition: 0 } } });
    await runPod(ns, 'web-0', rev2);
    await eventually(async () => (await get(setPath(ns, 'web')))?.['status']?.currentRevision === rev2, 'currentRevision := updateRevision');
  });

  it('a rollback to the old template reuses the old revision with the next number', async () => {
    const status = (await get(setPath(ns, 'web')))!['status'];
    const rev2 = status.currentRevision;
    const revisions = await names(ns, 'controllerrevisions');
    assert.equal(revisions.length, 2);
    const rev1 = revisions.find((r) => r !== rev2)!;
    await patchSet(ns, 'web', { template: { spec: { containers: [{ name: 'main', image: 'nginx:1' }] } } });
    for (const n of [2, 1, 0]) await runPod(ns, `web-${n}`, rev1);
    const done = await eventually(async () => {
      const s = (await get(setPath(ns, 'web')))?.['status'];
      return s?.currentRevision === rev1 && s.updatedReplicas === 3 ? s : undefined;
    }, 'rolled back');
    assert.equal(done.updateRevision, rev1);
    assert.deepEqual(await names(ns, 'controllerrevisions'), revisions, 'no new revision');
    const r1 = (await get(`/apis/apps/v1/namespaces/${ns}/controllerrevisions/${rev1}`))!;
    assert.equal(r1['revision'], 3);
    // settled: a dry run against the live objects plans nothing
    const idle = planStatefulSet(await fetchObserved(client, ns, 'web'), new Date());
    assert.deepEqual(idle.actions, [], formatPlan(idle));
  });
});
