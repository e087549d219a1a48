// kill -9 of the server loses no acknowledged write, and revisions keep increasing afterwards.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { kubeConfigFor } from './support/kube.js';

let server: ServerProcess;

before(async () => {
  server = await startServerProcess();
});
after(async () => {
  await server.cleanup();
});

describe('durability', () => {
  it('every acknowledged object survives kill -9 and revisions keep increasing', async () => {
    let core = kubeConfigFor(server.kubeconfigPath).makeApiClient(CoreV1Api);
    const apps = kubeConfigFor(server.kubeconfigPath).makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: 'dur' } } });
    const acknowledged = new Map<string, string>();
    // concurrent writes in flight, so the kill lands between acknowledged writes and unacknowledged ones
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 50; i++) {
        const name = `cm-${w}-${i}`;
        const cm = await core.createNamespacedConfigMap({ namespace: 'dur', body: { metadata: { name }, data: { w: String(w), i: String(i) } } });
        acknowledged.set(name, cm.metadata!.resourceVersion!);
      }
    });
    await Promise.all(writers);
    await apps.createNamespacedStatefulSet({
      namespace: 'dur',
      body: { metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'm', image: 'mariadb:10.11' }] } } } },
    });
    const before = await core.listNamespacedConfigMap({ namespace: 'dur' });
    const maxRv = Number(before.metadata!.resourceVersion);
    await server.kill9();
    await server.restart();
    core = kubeConfigFor(server.kubeconfigPath).makeApiClient(CoreV1Api);
    const afterList = await core.listNamespacedConfigMap({ namespace: 'dur' });
    const byName = new Map(afterList.items.map((i) => [i.metadata!.name!, i]));
    for (const [name, rv] of acknowledged) {
      assert.ok(byName.has(name), `${name} survived`);
      assert.equal(byName.get(name)!.metadata!.resourceVersion, rv);
    }
    const sts = await kubeConfigFor(server.kubeconfigPath).makeApiClient(AppsV1Api).readNamespacedStatefulSet({ name: 'db', namespace: 'dur' });
    assert.equal(sts.spec?.replicas, 1);
    const next = await core.createNamespacedConfigMap({ namespace: 'dur', body: { metadata: { name: 'after-restart' } } });
    assert.ok(Number(next.metadata!.resourceVersion) > maxRv, 'revision increases after restart');
  });

  it('stops cleanly on SIGTERM and starts again with the same objects', async () => {
    assert.equal(await server.stop(), 0, 'exit code 0 after SIGTERM');
    assert.equal(existsSync(join(server.dataDir, 'apiserver.json')), false, 'no stale apiserver.json');
    await server.restart();
    const core = kubeConfigFor(server.kubeconfigPath).makeApiClient(CoreV1Api);
    const cm = await core.readNamespacedConfigMap({ name: 'after-restart', namespace: 'dur' });
    assert.equal(cm.metadata?.name, 'after-restart');
  });
});
