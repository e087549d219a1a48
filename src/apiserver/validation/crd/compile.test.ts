import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrdinalError } from '../../../lib/errors.js';
import { validateObject } from '../index.js';
import { customResource } from '../test-fixtures.js';
import { compileCrdSchema } from './compile.js';
import type { JsonObject } from '../json-value.js';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['masters', 'mode'],
      properties: {
        masters: { type: 'integer', minimum: 3 },
        mode: { type: 'string', enum: ['cluster', 'standalone'] },
        port: { 'x-kubernetes-int-or-string': true },
        image: { type: 'string', default: 'redis:7' },
        resources: { type: 'object', properties: { storage: { type: 'string', default: '1Gi' } }, default: {} },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        members: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, weight: { type: 'integer', nullable: true } } },
        },
      },
    },
    status: { type: 'object', properties: { phase: { type: 'string' } } },
  },
};

function cr(spec: Record<string, unknown>): JsonObject {
  return { apiVersion: 'example.com/v1', kind: 'RedisCluster', metadata: { name: 'r', namespace: 'devops' }, spec };
}

describe('compileCrdSchema', () => {
  const compiled = compileCrdSchema(schema);

  it('accepts a valid object', () => {
    assert.deepEqual(compiled.validate(cr({ masters: 3, mode: 'cluster', port: 'redis' }), true), []);
    assert.deepEqual(compiled.validate(cr({ masters: 3, mode: 'cluster', port: 6379 }), true), []);
  });

  it('reports minimum, enum and required like kube-apiserver', () => {
    assert.deepEqual(compiled.validate(cr({ masters: 2, mode: 'Foo' }), true), [
      { reason: 'FieldValueInvalid', field: 'spec.masters', message: 'Invalid value: 2: spec.masters in body should be greater than or equal to 3' },
      { reason: 'FieldValueNotSupported', field: 'spec.mode', message: 'Unsupported value: "Foo": supported values: "cluster", "standalone"' },
    ]);
    assert.deepEqual(compiled.validate(cr({ masters: 3 }), true), [{ reason: 'FieldValueRequired', field: 'spec.mode', message: 'Required value' }]);
  });

  it('checks types, including int-or-string', () => {
    assert.deepEqual(compiled.validate(cr({ masters: 'three', mode: 'cluster', port: 1.5 }), true), [
      { reason: 'FieldValueTypeInvalid', field: 'spec.masters', message: 'Invalid value: "string": spec.masters in body must be of type integer: "string"' },
      { reason: 'FieldValueTypeInvalid', field: 'spec.port', message: 'Invalid value: "number": spec.port in body must be of type integer,string: "number"' },
    ]);
  });

  it('applies defaults top-down and drops nulls of non-nullable fields', () => {
    const obj = cr({ masters: 3, mode: 'cluster', image: null, members: [{ name: 'a', weight: null }] });
    compiled.applyDefaults(obj);
    assert.deepEqual(obj.spec, { masters: 3, mode: 'cluster', image: 'redis:7', resources: { storage: '1Gi' }, members: [{ name: 'a', weight: null }] });
    assert.deepEqual(compiled.validate(obj, true), []);
  });

  it('prunes unknown fields but keeps preserved ones and the root type meta', () => {
    const obj = cr({ masters: 3, mode: 'cluster', extra: 1, config: { anything: { goes: true } }, labels: { a: 'b' } });
    obj.status = { phase: 'Ready', junk: 1 };
    obj.metadata.labels = { x: 'y' };
    assert.deepEqual(compiled.validate(obj, true).map((c) => c.message), ['unknown field "spec.extra"', 'unknown field "status.junk"']);
    assert.deepEqual(compiled.validate(obj, false), []);
    compiled.prune(obj);
    assert.deepEqual(obj, {
      apiVersion: 'example.com/v1', kind: 'RedisCluster', metadata: { name: 'r', namespace: 'devops', labels: { x: 'y' } },
      spec: { masters: 3, mode: 'cluster', config: { anything: { goes: true } }, labels: { a: 'b' } },
      status: { phase: 'Ready' },
    });
  });

  it('rejects duplicate keys in a map list', () => {
    const causes = compiled.validate(cr({ masters: 3, mode: 'cluster', members: [{ name: 'a' }, { name: 'a' }] }), true);
    assert.deepEqual(causes.map((c) => [c.reason, c.field]), [['FieldValueDuplicate', 'spec.members[1]']]);
  });

  it('checks embedded resources and formats', () => {
    const c = compileCrdSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
            when: { type: 'string', format: 'date-time' },
          },
        },
      },
    });
    const causes = c.validate({ apiVersion: 'a/v1', kind: 'K', metadata: { name: 'x' }, spec: { template: { apiVersion: 'v1', spec: {} }, when: 'yesterday' } }, true);
    assert.deepEqual(causes.map((x) => `${x.field}: ${x.message}`), [
      'spec.template.kind: Required value',
      'spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
    ]);
  });

  it('throws E_CRD_SCHEMA for a schema that is not structural', () => {
    assert.throws(() => compileCrdSchema({ type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } }), (e: unknown) => {
      assert.ok(e instanceof OrdinalError);
      assert.equal(e.code, 'E_CRD_SCHEMA');
      assert.match(e.message, /openAPIV3Schema\.properties\[spec\]\.type: Required value: must not be empty for specified object fields/);
      return true;
    });
    assert.throws(() => compileCrdSchema({ type: 'array', items: { type: 'string' } }), /must be object at the root/);
    assert.throws(() => compileCrdSchema({ type: 'object', properties: { a: { type: 'array' } } }), /items: Required value/);
  });

  it('is cached by content', () => {
    assert.equal(compileCrdSchema(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>), compiled);
  });

  it('is used by validateObject for custom resources (metadata included)', () => {
    const info = customResource('RedisCluster');
    const obj = cr({ masters: 1, mode: 'cluster', extra: true });
    obj.metadata.name = 'Bad_Name';
    const causes = validateObject(info, obj, { operation: 'create', strict: false, crdSchema: compiled });
    assert.deepEqual(causes.map((c) => c.field), ['spec.masters', 'metadata.name']);
    assert.equal('extra' in obj.spec, false);
  });
});
