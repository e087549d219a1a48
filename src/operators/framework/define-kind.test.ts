import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { defineKind } from './define-kind.js';

describe('defineKind', () => {
  const kind = defineKind({
    kind: 'RedisCluster',
    plural: 'redisclusters',
    shortNames: ['rdc'],
    spec: Type.Object({ masters: Type.Integer({ minimum: 3, default: 3 }) }),
    status: Type.Object({ masters: Type.Optional(Type.Integer()) }),
    printerColumns: [{ name: 'Masters', type: 'integer', jsonPath: '.spec.masters' }],
    scale: { specReplicasPath: '.spec.masters', statusReplicasPath: '.status.masters' },
  });

  it('builds a v1 CRD in ordinal.dev/v1alpha1 with status (and scale) subresources', () => {
    const crd = kind.crd as { metadata: { name: string }; spec: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(crd.metadata.name, 'redisclusters.ordinal.dev');
    assert.deepEqual(crd.spec['names'], { kind: 'RedisCluster', listKind: 'RedisClusterList', plural: 'redisclusters', singular: 'rediscluster', shortNames: ['rdc'], categories: ['ordinal'] });
    const v = crd.spec['versions'][0];
    assert.deepEqual([v.name, v.served, v.storage], ['v1alpha1', true, true]);
    assert.deepEqual(v.subresources, { status: {}, scale: { specReplicasPath: '.spec.masters', statusReplicasPath: '.status.masters' } });
    assert.deepEqual(v.additionalPrinterColumns.map((c: { name: string }) => c.name), ['Masters', 'Age']);
    assert.equal(v.schema.openAPIV3Schema.properties.spec.properties.masters.default, 3);
  });

  it('names the REST paths', () => {
    assert.equal(kind.listPath, '/apis/ordinal.dev/v1alpha1/redisclusters');
    assert.equal(kind.path('prod'), '/apis/ordinal.dev/v1alpha1/namespaces/prod/redisclusters');
    assert.equal(kind.statusPath('prod', 'rc'), '/apis/ordinal.dev/v1alpha1/namespaces/prod/redisclusters/rc/status');
  });
});
