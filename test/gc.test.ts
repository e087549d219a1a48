// The garbage collector against a real server: background, orphan and foreground propagation over
// owner references between ConfigMaps (no kubelet involved), and owner references that name a uid
// the current object does not have.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { eventually } from './support/kube.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: ServerProcess;
let client: KubeClient;
const ns = 'gc';
const cmPath = (name = ''): string => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;

before(async () => {
  server = await startServerProcess();
  client = await KubeClient.fromFile(server.kubeconfigPath);
  await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
});
after(async () => {
  await server.cleanup();
});

const ownerRef = (owner: Obj, extra: Obj = {}): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', name: owner['metadata'].name, uid: owner['metadata'].uid, ...extra });

async function configMap(name: string, metadata: Obj = {}): Promise<Obj> {
  return client.request<Obj>('POST', cmPath(), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...metadata }, data: { k: 'v' } } });
}

function find(name: string): Promise<Obj | undefined> {
  return client.getIfExists<Obj>(cmPath(name));
}

const gone = async (name: string): Promise<boolean> => (await find(name)) === undefined;

describe('garbage collector', () => {
  it('deletes a dependent once its owner is deleted in the background', async () => {
    const owner = await configMap('bg-owner');
    await configMap('bg-dep', { ownerReferences: [ownerRef(owner)] });
    await configMap('bg-keep');
    await client.request('DELETE', cmPath('bg-owner'));
    await eventually(() => gone('bg-dep'), 'the dependent to be collected', 20_000);
    assert.ok(await find('bg-keep'), 'objects without owners stay');
  });

  it('orphans dependents: the owner goes, they stay without the reference', async () => {
    const owner = await configMap('or-owner');
    const other = await configMap('or-other');
    await configMap('or-dep', { ownerReferences: [ownerRef(owner), ownerRef(other)] });
    await configMap('or-only', { ownerReferences: [ownerRef(owner, { controller: true, blockOwnerDeletion: true })] });
    await client.request('DELETE', cmPath('or-owner'), { query: { propagationPolicy: 'Orphan' } });
    await eventually(() => gone('or-owner'), 'the orphaning owner to go', 20_000);
    const dep = await find('or-dep');
    assert.deepEqual(dep?.['metadata'].ownerReferences.map((r: Obj) => r['name']), ['or-other']);
    const only = await find('or-only');
    assert.ok(only, 'the orphan survives');
    assert.equal(only['metadata'].ownerReferences, undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(await find('or-only'), 'and is not collected later');
  });

  it('deletes blocking dependents before a foreground-deleted owner goes', async () => {
    const owner = await configMap('fg-owner');
    // The dependent holds a finalizer of its own, so it stays (terminating) until the test lets it go.
    await configMap('fg-dep', { ownerReferences: [ownerRef(owner, { blockOwnerDeletion: true })], finalizers: ['example.com/hold'] });
    await configMap('fg-loose', { ownerReferences: [ownerRef(owner)] });
    const marked = await client.request<Obj>('DELETE', cmPath('fg-owner'), { query: { propagationPolicy: 'Foreground' } });
    assert.deepEqual(marked['metadata'].finalizers, ['foregroundDeletion']);
    await eventually(async () => (await find('fg-dep'))?.['metadata'].deletionTimestamp, 'the blocking dependent to be deleted', 20_000);
    await eventually(() => gone('fg-loose'), 'the non-blocking dependent to be deleted', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const waiting = await find('fg-owner');
    assert.ok(waiting?.['metadata'].deletionTimestamp, 'the owner waits for its blocking dependent');
    assert.deepEqual(waiting['metadata'].finalizers, ['foregroundDeletion']);
    await client.request('PATCH', cmPath('fg-dep'), { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    await eventually(() => gone('fg-dep'), 'the dependent to go');
    await eventually(() => gone('fg-owner'), 'the owner to go once its dependents are gone', 20_000);
  });

  it('follows a foreground deletion down a chain of owners', async () => {
    const top = await configMap('chain-top');
    const mid = await configMap('chain-mid', { ownerReferences: [ownerRef(top, { blockOwnerDeletion: true })] });
    await configMap('chain-leaf', { ownerReferences: [ownerRef(mid, { blockOwnerDeletion: true })] });
    await client.request('DELETE', cmPath('chain-top'), { query: { propagationPolicy: 'Foreground' } });
    await eventually(async () => (await gone('chain-top')) && (await gone('chain-mid')) && (await gone('chain-leaf')), 'the whole chain to go', 20_000);
  });

  it('treats a reference whose uid does not match the current object as gone, and keeps objects with a live owner', async () => {
    const owner = await configMap('re-owner');
    await configMap('re-stale', { ownerReferences: [{ ...ownerRef(owner), uid: '00000000-0000-0000-0000-000000000000' }] });
    await configMap('re-mixed', { ownerReferences: [ownerRef(owner), { ...ownerRef(owner), name: 're-missing', uid: '11111111-1111-1111-1111-111111111111' }] });
    await eventually(() => gone('re-stale'), 'the dependent of a replaced owner to be collected', 20_000);
    const mixed = await eventually(async () => {
      const m = await find('re-mixed');
      return m?.['metadata'].ownerReferences?.length === 1 ? m : undefined;
    }, 'the dangling reference to be dropped', 20_000);
    assert.equal(mixed['metadata'].ownerReferences[0].uid, owner['metadata'].uid);
    assert.ok(await find('re-owner'));
  });
});
