import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../../defaults/index.js';
import { validateObject } from '../index.js';
import { resource } from '../test-fixtures.js';
import type { JsonObject } from '../json-value.js';

function check(kind: string, obj: JsonObject, old?: JsonObject): string[] {
  const info = resource(kind);
  applyDefaults(info, obj);
  const causes = validateObject(info, obj, old ? { operation: 'update', strict: true, old } : { operation: 'create', strict: true });
  return causes.map((c) => `${c.field}: ${c.message}`);
}

const meta = { name: 'redis', namespace: 'devops' };

describe('Service', () => {
  const svc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { ...meta }, spec });
  it('accepts a headless service without ports and requires ports otherwise', () => {
    assert.deepEqual(check('Service', svc({ clusterIP: 'None', selector: { app: 'redis' } })), []);
    assert.deepEqual(check('Service', svc({ selector: { app: 'redis' } })), ['spec.ports: Required value']);
  });
  it('checks port numbers and names', () => {
    assert.deepEqual(check('Service', svc({ ports: [{ port: 70000 }, { name: 'b', port: 80 }] })), [
      'spec.ports[0].name: Required value',
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
  });
  it('keeps the cluster IP once set', () => {
    const old = svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] });
    applyDefaults(resource('Service'), old);
    assert.deepEqual(check('Service', svc({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] }), old), [
      'spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set',
    ]);
  });
});

describe('other core kinds', () => {
  it('Namespace names are DNS labels', () => {
    assert.deepEqual(check('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev-ops' } }), []);
    assert.equal(check('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev.ops' } })[0]?.startsWith('metadata.name: Invalid value: "dev.ops": a lowercase RFC 1123 label'), true);
  });
  it('namespaced kinds need a namespace; cluster-scoped kinds may not have one', () => {
    assert.deepEqual(check('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }), ['metadata.namespace: Required value']);
    assert.deepEqual(check('Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'x' } }), ['metadata.namespace: Forbidden: not allowed on this type']);
  });
  it('ConfigMap keys and labels', () => {
    const causes = check('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta, labels: { 'bad key': 'v' } }, data: { 'a/b': 'x', ok: 'y' } });
    assert.equal(causes.length, 2);
    assert.match(causes[0] ?? '', /^metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters/);
    assert.match(causes[1] ?? '', /^data\[a\/b\]: Invalid value: "a\/b": a valid config key must consist of alphanumeric characters/);
  });
  it('annotations are limited to 256KiB in total', () => {
    const causes = check('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta, annotations: { big: 'x'.repeat(262145) } } });
    assert.deepEqual(causes, ['metadata.annotations: Too long: may not be more than 262144 bytes']);
  });
  it('Event requires involvedObject in the same namespace', () => {
    const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'redis-0.1', namespace: 'devops' }, involvedObject: { kind: 'Pod', name: 'redis-0', namespace: 'other' } };
    assert.deepEqual(check('Event', ev), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
    assert.deepEqual(check('Event', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'devops' } }), ['involvedObject: Required value']);
  });
  it('PodDisruptionBudget allows minAvailable or maxUnavailable, not both', () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { ...meta }, spec: { minAvailable: 1, maxUnavailable: '150%', selector: { matchLabels: { app: 'redis' } } } };
    assert.deepEqual(check('PodDisruptionBudget', pdb).map((l) => l.replace(/Invalid value: \{.*\}:/, 'Invalid value: {...}:')), [
      'spec: Invalid value: {...}: minAvailable and maxUnavailable cannot be both set',
      'spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ]);
  });
  it('Lease durations are positive', () => {
    assert.deepEqual(check('Lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { ...meta }, spec: { leaseDurationSeconds: 0 } }), [
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ]);
  });
  it('ControllerRevision data is immutable', () => {
    const rev = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { ...meta }, revision: 1, data: { spec: { a: 1 } } };
    assert.deepEqual(check('ControllerRevision', { ...rev, revision: 2 }, rev), []);
    assert.deepEqual(check('ControllerRevision', { ...rev, data: { spec: { a: 2 } } }, rev), ['data: Invalid value: {"spec":{"a":2}}: field is immutable']);
  });
});
