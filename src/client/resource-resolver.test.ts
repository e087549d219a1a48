import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseApiVersion, resolveKind, resolveType } from './resource-resolver.js';
import type { DiscoveryDoc } from './resource-types.js';

const doc: DiscoveryDoc = {
  groups: [
    {
      name: '',
      preferredVersion: 'v1',
      versions: [
        {
          version: 'v1',
          resources: [
            { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'], verbs: ['get', 'list'] },
            { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod' },
            { name: 'services', singularName: 'service', namespaced: true, kind: 'Service', shortNames: ['svc'] },
            { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', shortNames: ['ns'] },
            { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', shortNames: ['ev'] },
            { name: 'secrets', singularName: '', namespaced: true, kind: 'Secret' },
          ],
        },
      ],
    },
    {
      name: 'apps',
      preferredVersion: 'v1',
      versions: [
        {
          version: 'v1',
          resources: [
            { name: 'statefulsets', singularName: 'statefulset', namespaced: true, kind: 'StatefulSet', shortNames: ['sts'] },
            { name: 'statefulsets/scale', singularName: '', namespaced: true, kind: 'Scale', group: 'autoscaling', version: 'v1' },
          ],
        },
      ],
    },
    {
      name: 'events.k8s.io',
      preferredVersion: 'v1',
      versions: [{ version: 'v1', resources: [{ name: 'events', singularName: 'event', namespaced: true, kind: 'Event', shortNames: ['ev'] }] }],
    },
    {
      name: 'ordinal.io',
      preferredVersion: 'v1',
      versions: [
        { version: 'v1', resources: [{ name: 'redisclusters', singularName: 'rediscluster', namespaced: true, kind: 'RedisCluster', shortNames: ['rc', 'rdc'] }] },
        { version: 'v1alpha1', resources: [{ name: 'redisclusters', singularName: 'rediscluster', namespaced: true, kind: 'RedisCluster', shortNames: ['rc'] }, { name: 'oldthings', singularName: 'oldthing', namespaced: false, kind: 'OldThing' }] },
      ],
    },
  ],
};

const short = (typed: string): string | undefined => {
  const r = resolveType(doc, typed);
  return r && `${r.resource}.${r.group}/${r.version}`;
};

describe('resolveType', () => {
  it('resolves plural, singular, short names and kinds of the core group', () => {
    for (const t of ['pods', 'pod', 'po', 'Pod', 'PODS']) assert.equal(short(t), 'pods./v1', t);
    assert.equal(short('ns'), 'namespaces./v1');
    assert.equal(resolveType(doc, 'ns')?.namespaced, false);
  });

  it('resolves group-qualified names', () => {
    for (const t of ['sts', 'statefulset', 'statefulsets', 'statefulset.apps', 'statefulsets.apps', 'statefulsets.v1.apps', 'StatefulSet']) {
      assert.equal(short(t), 'statefulsets.apps/v1', t);
    }
    assert.deepEqual(resolveType(doc, 'sts'), { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true, kind: 'StatefulSet', verbs: [] });
  });

  it('derives the singular from the kind when discovery leaves it empty', () => {
    assert.equal(short('secret'), 'secrets./v1');
  });

  it('prefers the core group when several groups serve the same name', () => {
    assert.equal(short('events'), 'events./v1');
    assert.equal(short('events.events.k8s.io'), 'events.events.k8s.io/v1');
  });

  it('resolves custom resources in their preferred version, and others in any version', () => {
    for (const t of ['redisclusters', 'rediscluster', 'rdc', 'RedisCluster', 'redisclusters.ordinal.io']) assert.equal(short(t), 'redisclusters.ordinal.io/v1', t);
    assert.equal(short('redisclusters.v1alpha1.ordinal.io'), 'redisclusters.ordinal.io/v1alpha1');
    assert.equal(short('oldthings'), 'oldthings.ordinal.io/v1alpha1');
  });

  it('never resolves subresources or unknown names', () => {
    assert.equal(short('pods/status'), undefined);
    assert.equal(short('foo'), undefined);
    assert.equal(short('statefulsets.nope'), undefined);
    assert.equal(short('scale'), undefined);
  });
});

describe('resolveKind', () => {
  it('finds the resource serving apiVersion + kind', () => {
    assert.deepEqual(resolveKind(doc, 'apps/v1', 'StatefulSet'), { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true, kind: 'StatefulSet', verbs: [] });
    assert.equal(resolveKind(doc, 'v1', 'Namespace')?.resource, 'namespaces');
    assert.equal(resolveKind(doc, 'ordinal.io/v1alpha1', 'OldThing')?.namespaced, false);
  });

  it('is exact about version and kind case', () => {
    assert.equal(resolveKind(doc, 'apps/v1beta1', 'StatefulSet'), undefined);
    assert.equal(resolveKind(doc, 'apps/v1', 'statefulset'), undefined);
    assert.equal(resolveKind(doc, 'v1', 'Scale'), undefined);
  });

  it('splits apiVersion', () => {
    assert.deepEqual(parseApiVersion('v1'), { group: '', version: 'v1' });
    assert.deepEqual(parseApiVersion('apps/v1'), { group: 'apps', version: 'v1' });
  });
});
