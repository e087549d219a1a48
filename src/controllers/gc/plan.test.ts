import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/index.js';
import { OwnerIndex } from './owner-index.js';
import { classifyOwner, type OwnerReference } from './owner-refs.js';
import { finalizersWithout, planDependent, planForeground, planOrphan, type ResolvedOwner } from './plan.js';
import { crdResource, gcKey, parseGcKey, ResourceIndex, builtinResources } from './resources.js';

const ref = (name: string, uid: string, extra: Partial<OwnerReference> = {}): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name, uid, ...extra });
const obj = (name: string, meta: KubeObject = {}): KubeObject => ({ metadata: { name, namespace: 'ns', uid: `uid-${name}`, ...meta } });
const owned = (state: ResolvedOwner['state'], uid = 'o1'): ResolvedOwner => ({ ref: ref(uid, uid), state });

describe('gc: owner classification', () => {
  it('counts a missing owner, or one re-created under the same name, as gone', () => {
    assert.equal(classifyOwner(ref('a', 'u1'), undefined), 'dangling');
    assert.equal(classifyOwner(ref('a', 'u1'), obj('a', { uid: 'u2' })), 'dangling');
    assert.equal(classifyOwner(ref('a', 'u1'), obj('a', { uid: 'u1' })), 'solid');
  });

  it('sees an owner deleting in the foreground as waiting, and other deleting owners as still there', () => {
    assert.equal(classifyOwner(ref('a', 'u1'), obj('a', { uid: 'u1', deletionTimestamp: 't', finalizers: ['foregroundDeletion'] })), 'waiting');
    assert.equal(classifyOwner(ref('a', 'u1'), obj('a', { uid: 'u1', deletionTimestamp: 't', finalizers: ['orphan'] })), 'solid');
  });
});

describe('gc: decisions for a dependent', () => {
  it('keeps an object with a live owner', () => {
    assert.deepEqual(planDependent(obj('d'), [owned('solid')], false), { type: 'Keep' });
  });

  it('deletes in the background once every owner is gone', () => {
    assert.deepEqual(planDependent(obj('d'), [owned('dangling', 'a'), owned('dangling', 'b')], false), { type: 'Delete', propagationPolicy: 'Background' });
  });

  it('drops only the dead references while another owner lives', () => {
    assert.deepEqual(planDependent(obj('d'), [owned('solid', 'a'), owned('dangling', 'b'), owned('waiting', 'c')], false), { type: 'RemoveOwnerReferences', uids: ['b', 'c'] });
  });

  it('deletes in the foreground when a waiting owner reaches down to dependents of its own', () => {
    assert.deepEqual(planDependent(obj('d'), [owned('waiting')], true), { type: 'Delete', propagationPolicy: 'Foreground' });
    assert.deepEqual(planDependent(obj('d'), [owned('waiting')], false), { type: 'Delete', propagationPolicy: 'Background' });
  });

  it('waits when an owner kind cannot be resolved, unless a live owner remains', () => {
    assert.equal(planDependent(obj('d'), [owned('unresolvable', 'a'), owned('dangling', 'b')], false).type, 'Wait');
    assert.deepEqual(planDependent(obj('d'), [owned('unresolvable', 'a'), owned('solid', 'b')], false), { type: 'Keep' });
  });

  it('leaves objects that are already being deleted, or own nothing', () => {
    assert.deepEqual(planDependent(obj('d', { deletionTimestamp: 't' }), [owned('dangling')], false), { type: 'Keep' });
    assert.deepEqual(planDependent(obj('d'), [], false), { type: 'Keep' });
  });
});

describe('gc: owners being deleted', () => {
  const owner = obj('o', { uid: 'o1', deletionTimestamp: 't', finalizers: ['foregroundDeletion', 'example.com/x'] });

  it('waits for blocking dependents and looks at the ones not yet deleting', () => {
    const blocking = obj('b', { ownerReferences: [ref('o', 'o1', { blockOwnerDeletion: true })] });
    const terminating = obj('t', { deletionTimestamp: 't', ownerReferences: [ref('o', 'o1', { blockOwnerDeletion: true })] });
    const loose = obj('l', { ownerReferences: [ref('o', 'o1')] });
    const plan = planForeground(owner, [blocking, terminating, loose]);
    assert.deepEqual(plan.pending.map((d) => d['metadata'].name), ['b', 'l']);
    assert.deepEqual(plan.blocking.map((d) => d['metadata'].name), ['b', 't']);
    assert.equal(plan.removeFinalizer, false);
  });

  it('releases the owner when only non-blocking dependents remain', () => {
    const plan = planForeground(owner, [obj('l', { ownerReferences: [ref('o', 'o1')] })]);
    assert.equal(plan.removeFinalizer, true);
    assert.deepEqual(finalizersWithout(owner, 'foregroundDeletion'), ['example.com/x']);
  });

  it('orphans by dropping only the references to the deleted owner', () => {
    const dep = obj('d', { ownerReferences: [ref('o', 'o1'), ref('p', 'p1')] });
    const other = obj('x', { ownerReferences: [ref('p', 'p1')] });
    const patches = planOrphan(owner, [dep, other]);
    assert.equal(patches.length, 1);
    assert.deepEqual(patches[0]!.ownerReferences.map((r) => r.uid), ['p1']);
  });
});

describe('gc: graph bookkeeping', () => {
  it('indexes dependents by owner uid and forgets them', () => {
    const index = new OwnerIndex();
    index.set('configmaps|ns/a', ['o1', 'o2']);
    index.set('pods|ns/b', ['o1']);
    assert.deepEqual(index.dependents('o1').sort(), ['configmaps|ns/a', 'pods|ns/b']);
    index.set('configmaps|ns/a', ['o2']);
    assert.deepEqual(index.dependents('o1'), ['pods|ns/b']);
    index.set('pods|ns/b', []);
    assert.equal(index.hasDependents('o1'), false);
    assert.equal(index.hasDependents('o2'), true);
  });

  it('keys name the resource; owner references resolve by group and kind', () => {
    const idx = new ResourceIndex(builtinResources);
    const sts = idx.forRef('apps/v1', 'StatefulSet')!;
    assert.equal(gcKey(sts, obj('web')), 'statefulsets.apps|ns/web');
    assert.deepEqual(parseGcKey('statefulsets.apps|ns/web'), { id: 'statefulsets.apps', namespace: 'ns', name: 'web' });
    assert.deepEqual(parseGcKey('persistentvolumes|pv-1'), { id: 'persistentvolumes', namespace: undefined, name: 'pv-1' });
    assert.equal(idx.forRef('v1', 'Node')?.namespaced, false);
    assert.equal(idx.forRef('example.com/v1', 'Widget'), undefined);
  });

  it('derives a custom resource from an established CRD only', () => {
    const crd = {
      spec: { group: 'redis.ordinal.dev', scope: 'Namespaced', names: { plural: 'redisclusters', kind: 'RedisCluster' }, versions: [{ name: 'v1alpha1', served: true, storage: true }] },
      status: { conditions: [{ type: 'Established', status: 'True' }] },
    };
    assert.deepEqual(crdResource(crd), { group: 'redis.ordinal.dev', version: 'v1alpha1', resource: 'redisclusters', kind: 'RedisCluster', namespaced: true });
    assert.equal(crdResource({ ...crd, status: {} }), undefined);
  });
});
