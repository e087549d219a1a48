import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasStrategicMergeSchema, kindPatchMeta, lookupField, type TypePatchMeta } from './merge-keys.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const builtins = [
  ['', 'Pod'], ['', 'Service'], ['', 'Endpoints'], ['', 'PersistentVolumeClaim'], ['', 'PersistentVolume'],
  ['', 'Namespace'], ['', 'Node'], ['', 'Event'], ['', 'Secret'], ['', 'ConfigMap'], ['', 'ServiceAccount'],
  ['apps', 'StatefulSet'], ['apps', 'ControllerRevision'], ['storage.k8s.io', 'StorageClass'],
  ['policy', 'PodDisruptionBudget'], ['coordination.k8s.io', 'Lease'], ['apiextensions.k8s.io', 'CustomResourceDefinition'],
] as const;

function patch(group: string, kind: string, doc: unknown, p: unknown): Obj {
  return applyStrategicMergePatch(doc, p, { group, kind }) as Obj;
}

describe('merge keys', () => {
  it('knows every built-in kind and no others', () => {
    for (const [group, kind] of builtins) assert.equal(hasStrategicMergeSchema({ group, kind }), true, `${group}/${kind}`);
    assert.equal(hasStrategicMergeSchema({ group: 'apps', kind: 'Pod' }), false);
    assert.equal(hasStrategicMergeSchema({ group: '', kind: 'toString' }), false);
    assert.equal(hasStrategicMergeSchema({ group: 'ordinal.dev', kind: 'RedisCluster' }), false);
  });

  it('every type a field names exists', () => {
    const seen = new Set<TypePatchMeta>();
    const walk = (meta: TypePatchMeta): void => {
      if (seen.has(meta)) return;
      seen.add(meta);
      for (const [name, field] of Object.entries(meta)) {
        const { type } = lookupField(meta, name);
        if (field.type !== undefined) assert.ok(type, `type ${field.type} of field ${name}`);
        if (type) walk(type);
      }
    };
    for (const [group, kind] of builtins) walk(kindPatchMeta({ group, kind }) as TypePatchMeta);
  });

  it('merges Service ports on port', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    const out = patch('', 'Service', svc, { spec: { ports: [{ port: 443, targetPort: 9443 }] } });
    assert.deepEqual(out['spec'].ports, [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 9443 }]);
  });

  it('Node: taints replaced, addresses and conditions merged on type, podCIDRs a set', () => {
    const node = {
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }], podCIDRs: ['10.0.0.0/24'] },
      status: { addresses: [{ type: 'InternalIP', address: '10.1.1.1' }, { type: 'Hostname', address: 'n1' }], images: [{ names: ['a'] }] },
    };
    const out = patch('', 'Node', node, {
      spec: { taints: [{ key: 'b', effect: 'NoExecute' }], podCIDRs: ['10.0.0.0/24'] },
      status: { addresses: [{ type: 'Hostname', address: 'n2' }], images: [{ names: ['b'] }] },
    });
    assert.deepEqual(out['spec'].taints, [{ key: 'b', effect: 'NoExecute' }]);
    assert.deepEqual(out['spec'].podCIDRs, ['10.0.0.0/24']);
    assert.deepEqual(out['status'].addresses, [{ type: 'InternalIP', address: '10.1.1.1' }, { type: 'Hostname', address: 'n2' }]);
    assert.deepEqual(out['status'].images, [{ names: ['b'] }]);
  });

  it('Namespace spec.finalizers are replaced; PVC and PDB conditions merge on type', () => {
    const ns = patch('', 'Namespace', { spec: { finalizers: ['kubernetes'] } }, { spec: { finalizers: ['other'] } });
    assert.deepEqual(ns['spec'].finalizers, ['other']);
    for (const [group, kind] of [['', 'PersistentVolumeClaim'], ['policy', 'PodDisruptionBudget']] as const) {
      const out = patch(group, kind, { status: { conditions: [{ type: 'A', status: 'True' }] } }, { status: { conditions: [{ type: 'B', status: 'True' }] } });
      assert.deepEqual(out['status'].conditions.map((c: Obj) => c['type']), ['B', 'A'], kind);
    }
  });

  it('ServiceAccount: secrets merge on name, imagePullSecrets are atomic', () => {
    const sa = { secrets: [{ name: 'a' }], imagePullSecrets: [{ name: 'p' }] };
    const out = patch('', 'ServiceAccount', sa, { secrets: [{ name: 'b' }], imagePullSecrets: [{ name: 'q' }] });
    assert.deepEqual(out['secrets'], [{ name: 'b' }, { name: 'a' }]);
    assert.deepEqual(out['imagePullSecrets'], [{ name: 'q' }]);
  });

  it('CustomResourceDefinition lists are replaced, its metadata still merges', () => {
    const crd = { metadata: { finalizers: ['x'] }, spec: { versions: [{ name: 'v1', served: true }, { name: 'v2', served: true }] } };
    const out = patch('apiextensions.k8s.io', 'CustomResourceDefinition', crd, { metadata: { finalizers: ['y'] }, spec: { versions: [{ name: 'v2', served: false }] } });
    assert.deepEqual(out['spec'].versions, [{ name: 'v2', served: false }]);
    assert.deepEqual(out['metadata'].finalizers, ['y', 'x']);
  });
});
