// The controller runtime against a real server: shared informers see every change, and leader
// election on a Lease lets exactly one candidate act, handing over when the leader stops.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { LeaderElector, SharedInformerFactory } from '../src/controllers/runtime/index.js';
import { silentLogger } from '../src/lib/log.js';
import { eventually } from './support/kube.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

let server: ServerProcess;
let client: KubeClient;

before(async () => {
  server = await startServerProcess({ extraArgs: ['--no-controllers'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
});
after(async () => {
  client.close();
  await server.cleanup();
});

describe('controller runtime', () => {
  it('a shared informer lists, then follows adds, updates and deletes', async () => {
    const factory = new SharedInformerFactory(client, silentLogger());
    const inf = factory.informer('/api/v1/configmaps');
    const seen: string[] = [];
    inf.on({ add: (o) => seen.push(`add ${o['metadata'].name}`), update: (_o, n) => seen.push(`update ${n['metadata'].name}`), delete: (o) => seen.push(`delete ${o['metadata'].name}`) });
    await client.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'before' } } });
    factory.start();
    await inf.waitForSync();
    assert.ok(inf.get('default', 'before'));
    await client.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'after' } } });
    await client.request('PATCH', '/api/v1/namespaces/default/configmaps/after', { body: { data: { a: '1' } }, contentType: 'application/merge-patch+json' });
    await client.request('DELETE', '/api/v1/namespaces/default/configmaps/before');
    await eventually(() => seen.includes('delete before') || undefined, 'the delete to arrive');
    assert.deepEqual(seen, ['add before', 'add after', 'update after', 'delete before']);
    assert.equal(inf.get('default', 'after')?.['data']?.a, '1');
    assert.equal(inf.get('default', 'before'), undefined);
    factory.stop();
  });

  it('exactly one of two candidates leads, and the other takes over when it stops', async () => {
    const leading = new Set<string>();
    const make = (id: string) => new LeaderElector(client, silentLogger(), { onStartedLeading: () => leading.add(id), onStoppedLeading: () => leading.delete(id) }, { name: 'test-election', identity: id, leaseDurationSeconds: 3, renewIntervalMs: 300 });
    const a = make('a');
    const b = make('b');
    a.start();
    await eventually(() => leading.has('a') || undefined, 'a to lead');
    b.start();
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual([...leading], ['a'], 'b waits while a renews');
    await a.stop();
    await eventually(() => leading.has('b') || undefined, 'b to take over', 8000);
    assert.deepEqual([...leading], ['b']);
    await b.stop();
  });
});
