import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../../defaults/index.js';
import { validateObject } from '../index.js';
import { resource } from '../test-fixtures.js';
import type { JsonObject } from '../json-value.js';

const info = resource('CustomResourceDefinition');

function crd(): JsonObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'redisclusters.ordinal.io' },
    spec: {
      group: 'ordinal.io',
      scope: 'Namespaced',
      names: { plural: 'redisclusters', kind: 'RedisCluster', shortNames: ['rc'] },
      versions: [{
        name: 'v1alpha1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
      }],
    },
  };
}

function check(obj: JsonObject, old?: JsonObject): string[] {
  applyDefaults(info, obj);
  return validateObject(info, obj, old ? { operation: 'update', strict: true, old } : { operation: 'create', strict: true }).map((c) => `${c.field}: ${c.message}`);
}

describe('CustomResourceDefinition', () => {
  it('accepts a valid CRD', () => {
    assert.deepEqual(check(crd()), []);
  });

  it('checks the group, the name and the storage version', () => {
    const obj = crd();
    obj.spec.group = 'ordinal';
    obj.spec.versions[0].storage = false;
    assert.deepEqual(check(obj), [
      'spec.group: Invalid value: "ordinal": should be a domain with at least one dot',
      'spec.versions: Invalid value: ["v1alpha1"]: must have exactly one version marked as storage version',
      'metadata.name: Invalid value: "redisclusters.ordinal.io": must be spec.names.plural+"."+spec.group',
    ]);
  });

  it('requires structural schemas', () => {
    const obj = crd();
    obj.spec.versions[0].schema.openAPIV3Schema.properties.spec = { properties: { a: { type: 'array' } } };
    assert.deepEqual(check(obj), [
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[a].items: Required value: must be specified',
    ]);
    const none = crd();
    delete none.spec.versions[0].schema;
    assert.deepEqual(check(none), ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
  });

  it('keeps scope immutable', () => {
    const old = crd();
    applyDefaults(info, old);
    const obj = crd();
    obj.spec.scope = 'Cluster';
    assert.deepEqual(check(obj, old), ['spec.scope: Invalid value: "Cluster": field is immutable']);
  });
});
