// The API through @kubernetes/client-node against a real `ordinal server` process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, ApiextensionsV1Api, PatchStrategy, Watch, setHeaderOptions, type KubeConfig, type V1StatefulSet } from '@kubernetes/client-node';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { eventually, kubeConfigFor, statusBodyOf, statusOf } from './support/kube.js';

let server: ServerProcess;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;

function statefulSet(name: string, ns: string): V1StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      serviceName: name,
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'redis', image: 'redis:7', ports: [{ containerPort: 6379 }] },
            { name: 'exporter', image: 'redis-exporter:1' },
          ],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

before(async () => {
  // the API alone: no controller writes the objects these tests read, modify and write back
  server = await startServerProcess({ extraArgs: ['--compaction-interval', '1', '--no-controllers'] });
  kc = kubeConfigFor(server.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: 't1' } } });
});

after(async () => {
  await server.cleanup();
});

describe('CRUD with client-node', () => {
  it('creates, reads, lists by label, updates and deletes core objects', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 't1', body: { metadata: { name: 'cfg', labels: { tier: 'db' } }, data: { a: '1' } } });
    assert.ok(cm.metadata?.uid);
    assert.ok(Number(cm.metadata?.resourceVersion) > 0);
    await core.createNamespacedConfigMap({ namespace: 't1', body: { metadata: { name: 'other', labels: { tier: 'web' } } } });
    const dbOnly = await core.listNamespacedConfigMap({ namespace: 't1', labelSelector: 'tier=db' });
    assert.deepEqual(dbOnly.items.map((i) => i.metadata?.name), ['cfg']);
    const notDb = await core.listNamespacedConfigMap({ namespace: 't1', labelSelector: 'tier notin (db)' });
    assert.deepEqual(notDb.items.map((i) => i.metadata?.name), ['other']);
    cm.data = { a: '2' };
    const updated = await core.replaceNamespacedConfigMap({ name: 'cfg', namespace: 't1', body: cm });
    assert.equal(updated.data?.['a'], '2');
    assert.ok(Number(updated.metadata?.resourceVersion) > Number(cm.metadata?.resourceVersion));
    await core.deleteNamespacedConfigMap({ name: 'cfg', namespace: 't1' });
    await assert.rejects(core.readNamespacedConfigMap({ name: 'cfg', namespace: 't1' }), (e: unknown) => statusOf(e) === 404 && statusBodyOf(e).reason === 'NotFound');
  });

  it('defaults a StatefulSet as kube-apiserver does and serves status and scale', async () => {
    const sts = await apps.createNamespacedStatefulSet({ namespace: 't1', body: statefulSet('web', 't1') });
    assert.equal(sts.spec?.podManagementPolicy, 'OrderedReady');
    assert.equal(sts.spec?.updateStrategy?.type, 'RollingUpdate');
    assert.equal(sts.spec?.updateStrategy?.rollingUpdate?.partition, 0);
    assert.equal(sts.spec?.revisionHistoryLimit, 10);
    assert.equal(sts.spec?.volumeClaimTemplates?.[0]?.spec?.volumeMode, 'Filesystem');
    assert.equal(sts.metadata?.generation, 1);
    const scale = await apps.readNamespacedStatefulSetScale({ name: 'web', namespace: 't1' });
    assert.equal(scale.spec?.replicas, 2);
    assert.equal(scale.status?.selector, 'app=web');
    // no resourceVersion, as `kubectl scale` sends it: the StatefulSet controller may write the
    // object's status between the read and this write (a conditional write would get 409)
    await apps.replaceNamespacedStatefulSetScale({ name: 'web', namespace: 't1', body: { ...scale, metadata: { ...scale.metadata, resourceVersion: undefined }, spec: { replicas: 5 } } });
    const scaled = await apps.readNamespacedStatefulSet({ name: 'web', namespace: 't1' });
    assert.equal(scaled.spec?.replicas, 5);
    assert.equal(scaled.metadata?.generation, 2);
    // status is only written through /status, and a status write leaves the spec alone
    const withStatus = await apps.replaceNamespacedStatefulSetStatus({ name: 'web', namespace: 't1', body: { ...scaled, spec: { ...scaled.spec!, replicas: 1 }, status: { replicas: 3, readyReplicas: 1, availableReplicas: 1 } } });
    assert.equal(withStatus.status?.readyReplicas, 1);
    assert.equal(withStatus.spec?.replicas, 5);
    const ignored = await apps.replaceNamespacedStatefulSet({ name: 'web', namespace: 't1', body: { ...withStatus, status: { replicas: 99 } } });
    assert.equal(ignored.status?.replicas, 3);
  });
});

describe('patches', () => {
  it('applies JSON, merge and strategic merge patches to apps and core objects', async () => {
    await apps.createNamespacedStatefulSet({ namespace: 't1', body: statefulSet('p', 't1') });
    const j = await apps.patchNamespacedStatefulSet({ name: 'p', namespace: 't1', body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
    assert.equal(j.spec?.replicas, 3);
    const m = await apps.patchNamespacedStatefulSet({ name: 'p', namespace: 't1', body: { metadata: { labels: { team: 'cache', app: null } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    assert.deepEqual(m.metadata?.labels, { team: 'cache' });
    const s = await apps.patchNamespacedStatefulSet(
      { name: 'p', namespace: 't1', body: { spec: { template: { spec: { containers: [{ name: 'redis', image: 'redis:7.2' }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const containers = s.spec?.template.spec?.containers ?? [];
    assert.deepEqual(containers.map((c) => [c.name, c.image]).sort(), [['exporter', 'redis-exporter:1'], ['redis', 'redis:7.2']]);
    assert.equal(s.metadata?.generation, 3);
    const svc = await core.createNamespacedService({ namespace: 't1', body: { metadata: { name: 'redis' }, spec: { selector: { app: 'p' }, ports: [{ port: 6379 }] } } });
    assert.match(svc.spec?.clusterIP ?? '', /^10\.96\./);
    assert.equal(svc.spec?.ports?.[0]?.targetPort, 6379);
    const sp = await core.patchNamespacedService({ name: 'redis', namespace: 't1', body: { spec: { ports: [{ port: 26379, name: 'sentinel' }, { port: 6379, name: 'redis' }] } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    assert.deepEqual(sp.spec?.ports?.map((p) => p.port).sort((a, b) => a - b), [6379, 26379]);
    assert.equal(sp.spec?.clusterIP, svc.spec?.clusterIP);
    await assert.rejects(
      apps.patchNamespacedStatefulSet({ name: 'p', namespace: 't1', body: [{ op: 'test', path: '/spec/replicas', value: 42 }] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)),
      (e: unknown) => statusOf(e) === 422,
    );
  });

  it('answers 409 Conflict to an update based on a stale resourceVersion', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 't1', body: { metadata: { name: 'race' }, data: { v: '0' } } });
    await core.replaceNamespacedConfigMap({ name: 'race', namespace: 't1', body: { ...cm, data: { v: '1' } } });
    await assert.rejects(core.replaceNamespacedConfigMap({ name: 'race', namespace: 't1', body: { ...cm, data: { v: 'stale' } } }), (e: unknown) => statusOf(e) === 409 && statusBodyOf(e).reason === 'Conflict');
    const now = await core.readNamespacedConfigMap({ name: 'race', namespace: 't1' });
    assert.equal(now.data?.['v'], '1');
  });
});

interface Seen {
  type: string;
  name: string;
  rv: number;
}

function watchInto(path: string, rv: string, seen: Seen[], errors: unknown[]): Promise<AbortController> {
  return new Watch(kc).watch(path, { resourceVersion: rv, allowWatchBookmarks: true }, (type, obj) => {
    if (type === 'BOOKMARK') return;
    if (type === 'ERROR') errors.push(obj);
    else seen.push({ type, name: obj.metadata.name, rv: Number(obj.metadata.resourceVersion) });
  }, () => {});
}

describe('watch', () => {
  it('a watch resumed after a reconnect sees every change exactly once, in order', async () => {
    await core.createNamespace({ body: { metadata: { name: 'w1' } } });
    const list = await core.listNamespacedConfigMap({ namespace: 'w1' });
    const seen: Seen[] = [];
    const errors: unknown[] = [];
    let ctl = await watchInto('/api/v1/namespaces/w1/configmaps', list.metadata!.resourceVersion!, seen, errors);
    const expected: string[] = [];
    for (let i = 0; i < 5; i++) {
      await core.createNamespacedConfigMap({ namespace: 'w1', body: { metadata: { name: `c${i}` } } });
      expected.push(`ADDED c${i}`);
    }
    await eventually(() => seen.length >= 5 || undefined, 'first five events');
    ctl.abort();
    const lastRv = seen[seen.length - 1]!.rv;
    // changes while nobody watches
    for (let i = 0; i < 5; i++) {
      await core.patchNamespacedConfigMap({ name: `c${i}`, namespace: 'w1', body: { data: { i: String(i) } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      expected.push(`MODIFIED c${i}`);
    }
    await core.deleteNamespacedConfigMap({ name: 'c0', namespace: 'w1' });
    expected.push('DELETED c0');
    ctl = await watchInto('/api/v1/namespaces/w1/configmaps', String(lastRv), seen, errors);
    await core.createNamespacedConfigMap({ namespace: 'w1', body: { metadata: { name: 'late' } } });
    expected.push('ADDED late');
    await eventually(() => seen.length >= expected.length || undefined, 'all events after resume');
    await new Promise((r) => setTimeout(r, 200));
    ctl.abort();
    assert.deepEqual(errors, []);
    assert.deepEqual(seen.map((s) => `${s.type} ${s.name}`), expected);
    const rvs = seen.map((s) => s.rv);
    assert.deepEqual([...rvs].sort((a, b) => a - b), rvs, 'revisions in order');
    assert.equal(new Set(rvs).size, rvs.length, 'no event twice');
  });

  it('answers 410 Gone for a compacted revision (watch ERROR event and list continue)', async () => {
    await core.createNamespace({ body: { metadata: { name: 'w2' } } });
    for (let i = 0; i < 3; i++) await core.createNamespacedConfigMap({ namespace: 'w2', body: { metadata: { name: `x${i}` } } });
    const page = await core.listNamespacedConfigMap({ namespace: 'w2', limit: 1 });
    assert.ok(page.metadata?._continue, 'a continue token');
    const oldRv = page.metadata!.resourceVersion!;
    // compaction runs every second on this server, to the revision seen one tick earlier: keep writing
    // until the list's revision is compacted away (the continue token then gets 410)
    let bumps = 0;
    await eventually(async () => {
      await core.createNamespacedConfigMap({ namespace: 'w2', body: { metadata: { name: `bump-${bumps++}` } } });
      await new Promise((r) => setTimeout(r, 250));
      return core.listNamespacedConfigMap({ namespace: 'w2', limit: 1, _continue: page.metadata!._continue! }).then(() => undefined, (e: unknown) => statusOf(e) === 410 || undefined);
    }, 'the list revision to be compacted', 30_000);
    const errors: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ctl = await watchInto('/api/v1/namespaces/w2/configmaps', oldRv, [], errors);
    await eventually(() => errors.length > 0 || undefined, 'an ERROR event');
    ctl.abort();
    assert.equal(errors[0].code, 410);
    assert.equal(errors[0].reason, 'Expired');
  });
});

describe('custom resources', () => {
  it('serves a CRD: validates against its schema, lists and watches', async () => {
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    await ext.createCustomResourceDefinition({
      body: {
        metadata: { name: 'widgets.test.ordinal.dev' },
        spec: {
          group: 'test.ordinal.dev',
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
          versions: [{
            name: 'v1', served: true, storage: true,
            subresources: { status: {} },
            additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 }, color: { type: 'string', _enum: ['red', 'blue'] } } }, status: { type: 'object', properties: { ready: { type: 'boolean' } } } } } },
          }],
        },
      },
    });
    const crd = await ext.readCustomResourceDefinition({ name: 'widgets.test.ordinal.dev' });
    assert.ok(crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'));
    const custom = kc.makeApiClient(CustomObjectsApi);
    const seen: Seen[] = [];
    const errors: unknown[] = [];
    const ctl = await watchInto('/apis/test.ordinal.dev/v1/namespaces/t1/widgets', '0', seen, errors);
    const w = (await custom.createNamespacedCustomObject({ group: 'test.ordinal.dev', version: 'v1', namespace: 't1', plural: 'widgets', body: { apiVersion: 'test.ordinal.dev/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3, color: 'red' } } })) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(w.spec.size, 3);
    await assert.rejects(
      custom.createNamespacedCustomObject({ group: 'test.ordinal.dev', version: 'v1', namespace: 't1', plural: 'widgets', body: { apiVersion: 'test.ordinal.dev/v1', kind: 'Widget', metadata: { name: 'bad' }, spec: { size: 0, color: 'green' } } }),
      (e: unknown) => {
        const st = statusBodyOf(e);
        return statusOf(e) === 422 && st.reason === 'Invalid' && st.details.causes.some((c: { field: string }) => c.field === 'spec.size') && st.details.causes.some((c: { field: string }) => c.field === 'spec.color');
      },
    );
    const list = (await custom.listNamespacedCustomObject({ group: 'test.ordinal.dev', version: 'v1', namespace: 't1', plural: 'widgets' })) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(list.items.map((i: any) => i.metadata.name), ['w1']); // eslint-disable-line @typescript-eslint/no-explicit-any
    await eventually(() => seen.some((s) => s.type === 'ADDED' && s.name === 'w1') || undefined, 'the watch to see w1');
    ctl.abort();
    await ext.deleteCustomResourceDefinition({ name: 'widgets.test.ordinal.dev' });
    await assert.rejects(custom.listNamespacedCustomObject({ group: 'test.ordinal.dev', version: 'v1', namespace: 't1', plural: 'widgets' }), (e: unknown) => statusOf(e) === 404);
  });
});
