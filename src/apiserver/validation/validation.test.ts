import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validateName, validateObject } from './index.js';
import { resource, seedPod, seedStatefulSet } from './test-fixtures.js';
import type { JsonObject } from './json-value.js';

const sts = resource('StatefulSet');
const pod = resource('Pod');

function defaulted(info = sts, obj = seedStatefulSet()): JsonObject {
  applyDefaults(info, obj);
  return obj;
}

function fields(causes: { field?: string }[]): (string | undefined)[] {
  return causes.map((c) => c.field);
}

describe('validateObject: StatefulSet', () => {
  it('accepts the seed StatefulSet after defaulting', () => {
    assert.deepEqual(validateObject(sts, defaulted(), { operation: 'create', strict: true }), []);
  });

  it('reports a wrongly typed field as FieldValueTypeInvalid on its path', () => {
    const obj = defaulted();
    obj.spec.replicas = 'three';
    const causes = validateObject(sts, obj, { operation: 'create', strict: true });
    assert.deepEqual(causes, [{
      reason: 'FieldValueTypeInvalid',
      field: 'spec.replicas',
      message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    }]);
  });

  it('reports unknown fields when strict and drops them otherwise', () => {
    const strict = defaulted();
    strict.spec.foo = 1;
    strict.spec.template.spec.containers[0].bogus = true;
    const causes = validateObject(sts, strict, { operation: 'create', strict: true });
    assert.deepEqual(causes.sort((a, b) => (a.field ?? '').localeCompare(b.field ?? '')), [
      { reason: 'FieldValueInvalid', field: 'spec.foo', message: 'unknown field "spec.foo"' },
      { reason: 'FieldValueInvalid', field: 'spec.template.spec.containers[0].bogus', message: 'unknown field "spec.template.spec.containers[0].bogus"' },
    ]);
    assert.equal(strict.spec.foo, 1);
    const lax = defaulted();
    lax.spec.foo = 1;
    lax.spec.template.spec.containers[0].bogus = true;
    assert.deepEqual(validateObject(sts, lax, { operation: 'create', strict: false }), []);
    assert.equal('foo' in lax.spec, false);
    assert.equal('bogus' in lax.spec.template.spec.containers[0], false);
  });

  it('drops nulls in typed fields, as decoding does', () => {
    const obj = defaulted();
    obj.metadata.creationTimestamp = null;
    obj.spec.minReadySeconds = null;
    assert.deepEqual(validateObject(sts, obj, { operation: 'create', strict: true }), []);
    assert.equal('creationTimestamp' in obj.metadata, false);
    assert.equal('minReadySeconds' in obj.spec, false);
  });

  it('rejects invalid names', () => {
    const obj = defaulted();
    obj.metadata.name = 'Web_0';
    const causes = validateObject(sts, obj, { operation: 'create', strict: true });
    assert.equal(causes.length, 1);
    assert.equal(causes[0]?.field, 'metadata.name');
    assert.match(causes[0]?.message ?? '', /^Invalid value: "Web_0": a lowercase RFC 1123 subdomain must consist of/);
    assert.deepEqual(validateName(sts, 'a'.repeat(254)).slice(0, 1), ['must be no more than 253 characters']);
    assert.deepEqual(validateName(sts, 'redis'), []);
    assert.equal(validateName(resource('Namespace'), 'a.b').length, 1);
    assert.equal(validateName(resource('Service'), '1abc').length, 1);
  });

  it('requires the selector to match the template labels', () => {
    const obj = defaulted();
    obj.spec.template.metadata.labels = { app: 'other' };
    assert.deepEqual(validateObject(sts, obj, { operation: 'create', strict: true }), [{
      reason: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      message: 'Invalid value: {"app":"other"}: `selector` does not match template `labels`',
    }]);
  });

  it('checks replicas, enums and the restart policy', () => {
    const obj = defaulted();
    obj.spec.replicas = -1;
    obj.spec.podManagementPolicy = 'Foo';
    obj.spec.template.spec.restartPolicy = 'Never';
    const causes = validateObject(sts, obj, { operation: 'create', strict: true });
    assert.deepEqual(causes.map((c) => `${c.field}: ${c.message}`).sort(), [
      'spec.podManagementPolicy: Unsupported value: "Foo": supported values: "OrderedReady", "Parallel"',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('requires the selector and a container image', () => {
    const obj = defaulted();
    delete obj.spec.selector;
    delete obj.spec.template.spec.containers[0].image;
    const causes = validateObject(sts, obj, { operation: 'create', strict: true });
    assert.deepEqual(fields(causes).sort(), ['spec.selector', 'spec.template.spec.containers[0].image']);
    assert.ok(causes.every((c) => c.reason === 'FieldValueRequired' && c.message === 'Required value'));
  });

  it('forbids updating serviceName but allows replicas and template changes', () => {
    const old = defaulted();
    const changed = defaulted();
    changed.spec.serviceName = 'other';
    assert.deepEqual(validateObject(sts, changed, { operation: 'update', strict: true, old }), [{
      reason: 'FieldValueForbidden',
      field: 'spec',
      message: "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    }]);
    const scaled = defaulted();
    scaled.spec.replicas = 5;
    scaled.spec.template.spec.containers[0].image = 'redis:8';
    assert.deepEqual(validateObject(sts, scaled, { operation: 'update', strict: true, old }), []);
  });

  it('keeps metadata.name immutable on update', () => {
    const old = defaulted();
    const renamed = defaulted();
    renamed.metadata.name = 'redis2';
    assert.deepEqual(fields(validateObject(sts, renamed, { operation: 'update', strict: true, old })), ['metadata.name']);
  });
});

describe('validateObject: Pod', () => {
  it('accepts a defaulted pod and rejects duplicate container names', () => {
    const obj = defaulted(pod, seedPod());
    assert.deepEqual(validateObject(pod, obj, { operation: 'create', strict: true }), []);
    obj.spec.containers.push({ ...obj.spec.containers[0] });
    assert.deepEqual(validateObject(pod, obj, { operation: 'create', strict: true }), [
      { reason: 'FieldValueDuplicate', field: 'spec.containers[1].name', message: 'Duplicate value: "redis"' },
    ]);
  });

  it('allows image changes but forbids other spec updates', () => {
    const old = defaulted(pod, seedPod());
    const newImage = defaulted(pod, seedPod());
    newImage.spec.containers[0].image = 'redis:8';
    assert.deepEqual(validateObject(pod, newImage, { operation: 'update', strict: true, old }), []);
    const newPorts = defaulted(pod, seedPod());
    newPorts.spec.containers[0].ports[0].containerPort = 6380;
    const causes = validateObject(pod, newPorts, { operation: 'update', strict: true, old });
    assert.equal(causes.length, 1);
    assert.equal(causes[0]?.reason, 'FieldValueForbidden');
    assert.equal(causes[0]?.field, 'spec');
    assert.match(causes[0]?.message ?? '', /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
  });

  it('skips spec rules for status updates', () => {
    const old = defaulted(pod, seedPod());
    const status = defaulted(pod, seedPod());
    status.spec.containers[0].ports[0].containerPort = 1;
    status.status = { phase: 'Running' };
    assert.deepEqual(validateObject(pod, status, { operation: 'update', strict: true, old, subresource: 'status' }), []);
  });
});

describe('validateObject: Secret', () => {
  const secret = resource('Secret');
  it('rejects values that are not base64 without echoing them', () => {
    const obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'devops' }, data: { password: 'not base64!', ok: 'cGFzcw==' } };
    applyDefaults(secret, obj);
    assert.deepEqual(validateObject(secret, obj, { operation: 'create', strict: true }), [{
      reason: 'FieldValueInvalid',
      field: 'data[password]',
      message: 'Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3',
    }]);
  });

  it('keeps type immutable and honours immutable: true', () => {
    const old = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'devops' }, type: 'Opaque', immutable: true, data: { a: 'YQ==' } };
    const next = { ...old, type: 'kubernetes.io/basic-auth', data: { a: 'Yg==', username: 'dQ==' } };
    const causes = validateObject(secret, next, { operation: 'update', strict: true, old });
    assert.deepEqual(causes.map((c) => `${c.field}: ${c.message}`), [
      'data: Forbidden: field is immutable when `immutable` is set',
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    ]);
  });
});

describe('validateObject: Service ports', () => {
  it('reports a wrongly typed int-or-string as a type error', () => {
    const svc = resource('Service');
    const obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis', namespace: 'devops' }, spec: { ports: [{ port: 6379, targetPort: true }] } };
    assert.deepEqual(validateObject(svc, obj, { operation: 'create', strict: true }), [{
      reason: 'FieldValueTypeInvalid',
      field: 'spec.ports[0].targetPort',
      message: 'Invalid value: "boolean": spec.ports[0].targetPort in body must be of type string,integer: "boolean"',
    }]);
  });

  it('reports a bad quantity with kube\'s quantity message', () => {
    const obj = defaulted();
    obj.spec.template.spec.containers[0].resources.limits.cpu = '1x';
    const causes = validateObject(sts, obj, { operation: 'create', strict: true });
    assert.deepEqual(fields(causes), ['spec.template.spec.containers[0].resources.limits.cpu']);
    assert.match(causes[0]?.message ?? '', /^Invalid value: "1x": quantities must match the regular expression/);
  });
});
