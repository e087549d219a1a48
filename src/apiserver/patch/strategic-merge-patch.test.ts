import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from './patch-error.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const podKind = { group: '', kind: 'Pod' };

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const e of Object.values(v)) deepFreeze(e);
    Object.freeze(v);
  }
  return v;
}

/** Patches the pod fixture; inputs are frozen so any mutation of them throws. */
function patchPod(patch: unknown): Obj {
  return applyStrategicMergePatch(deepFreeze(pod()), deepFreeze(patch), podKind) as Obj;
}

function rejects(code: string, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof PatchError && e.code === code);
}

function pod(): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', labels: { app: 'web', tier: 'fe' }, finalizers: ['a.io/one', 'a.io/two'], ownerReferences: [{ uid: 'u1', kind: 'StatefulSet', name: 'web' }] },
    spec: {
      containers: [
        { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
        { name: 'sidecar', image: 'side:1' },
      ],
      volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }],
      tolerations: [{ key: 'x', operator: 'Exists' }],
      securityContext: { runAsUser: 1000 },
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }] },
  };
}

const names = (list: Obj[]): string[] => list.map((e) => e['name'] as string);

describe('applyStrategicMergePatch: maps and scalars', () => {
  it('merges maps recursively and deletes keys set to null', () => {
    const out = patchPod({ metadata: { labels: { tier: null, env: 'prod' } }, spec: { securityContext: { fsGroup: 2 } } });
    assert.deepEqual(out['metadata'].labels, { app: 'web', env: 'prod' });
    assert.deepEqual(out['spec'].securityContext, { runAsUser: 1000, fsGroup: 2 });
    assert.equal(out['status'].phase, 'Running');
  });

  it('$patch: replace on a map replaces it; $patch: delete empties it', () => {
    const out = patchPod({ metadata: { labels: { $patch: 'replace', only: 'this' } }, spec: { securityContext: { $patch: 'delete' } } });
    assert.deepEqual(out['metadata'].labels, { only: 'this' });
    assert.deepEqual(out['spec'].securityContext, {});
  });

  it('drops nulls inside newly added maps', () => {
    const out = patchPod({ spec: { dnsConfig: { nameservers: ['1.1.1.1'], searches: null } } });
    assert.deepEqual(out['spec'].dnsConfig, { nameservers: ['1.1.1.1'] });
  });

  it('does not modify or alias its inputs', () => {
    const patch = { spec: { containers: [{ name: 'new', image: 'n:1', args: ['x'] }] } };
    const out = patchPod(patch);
    const added = out['spec'].containers[0];
    assert.equal(added.name, 'new');
    added.args.push('y');
    assert.deepEqual(patch.spec.containers[0]?.args, ['x']);
  });
});

describe('applyStrategicMergePatch: lists', () => {
  it('changes one container image by name and keeps the rest', () => {
    const out = patchPod({ spec: { containers: [{ name: 'sidecar', image: 'side:2' }] } });
    assert.deepEqual(out['spec'].containers, [pod()['spec'].containers[0], { name: 'sidecar', image: 'side:2' }]);
  });

  it('updates an env var in place and puts a new one first, as apimachinery does', () => {
    const updated = patchPod({ spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '3' }] }] } });
    assert.deepEqual(updated['spec'].containers[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: '3' }]);
    const added = patchPod({ spec: { containers: [{ name: 'app', env: [{ name: 'C', value: '4' }] }] } });
    assert.deepEqual(names(added['spec'].containers[0].env), ['C', 'A', 'B']);
    assert.deepEqual(added['spec'].containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('$setElementOrder places new elements and reorders existing ones', () => {
    const added = patchPod({
      spec: { containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }, { name: 'C' }], env: [{ name: 'C', value: '4' }] }] },
    });
    assert.deepEqual(names(added['spec'].containers[0].env), ['A', 'B', 'C']);
    const reordered = patchPod({ spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] } });
    assert.deepEqual(names(reordered['spec'].containers), ['sidecar', 'app']);
    assert.equal(JSON.stringify(reordered).includes('$'), false);
  });

  it('rejects a patch list whose order contradicts $setElementOrder', () => {
    rejects('E_PATCH_INVALID', () =>
      patchPod({ spec: { '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }], containers: [{ name: 'sidecar' }, { name: 'app' }] } }),
    );
    rejects('E_PATCH_INVALID', () => patchPod({ spec: { '$setElementOrder/containers': [{ name: 'app' }], containers: [{ name: 'other' }] } }));
  });

  it('deletes a container with $patch: delete', () => {
    const out = patchPod({ spec: { containers: [{ $patch: 'delete', name: 'sidecar' }] } });
    assert.deepEqual(names(out['spec'].containers), ['app']);
  });

  it('$patch: replace inside a list replaces the whole list', () => {
    const out = patchPod({ spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'o:1' }] } });
    assert.deepEqual(out['spec'].containers, [{ name: 'only', image: 'o:1' }]);
  });

  it('rejects list elements without their merge key', () => {
    rejects('E_PATCH_INVALID', () => patchPod({ spec: { containers: [{ image: 'x' }] } }));
    rejects('E_PATCH_INVALID', () => patchPod({ spec: { containers: [{ $patch: 'delete' }] } }));
    rejects('E_PATCH_INVALID', () => patchPod({ spec: { containers: [{ $patch: 'merge', name: 'app' }] } }));
  });

  it('$retainKeys clears the other members of a volume source union', () => {
    const patch = {
      spec: {
        '$setElementOrder/volumes': [{ name: 'data' }, { name: 'cfg' }],
        volumes: [{ $retainKeys: ['name', 'secret'], name: 'cfg', secret: { secretName: 's' } }],
      },
    };
    const out = patchPod(patch);
    assert.deepEqual(out['spec'].volumes, [{ name: 'data', emptyDir: {} }, { name: 'cfg', secret: { secretName: 's' } }]);
    const withoutRetain = patchPod({ spec: { volumes: [{ name: 'cfg', secret: { secretName: 's' } }] } });
    assert.ok(withoutRetain['spec'].volumes[1].configMap, 'without $retainKeys the old source stays');
    rejects('E_PATCH_INVALID', () => patchPod({ spec: { volumes: [{ $retainKeys: ['name'], name: 'cfg', secret: {} }] } }));
  });

  it('merges finalizers as a set and removes them with $deleteFromPrimitiveList', () => {
    const union = patchPod({ metadata: { finalizers: ['a.io/two', 'a.io/three'] } });
    assert.deepEqual(union['metadata'].finalizers, ['a.io/one', 'a.io/two', 'a.io/three']);
    const removed = patchPod({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/one'] } });
    assert.deepEqual(removed['metadata'].finalizers, ['a.io/two']);
    const ordered = patchPod({
      metadata: { '$setElementOrder/finalizers': ['a.io/two', 'a.io/new'], finalizers: ['a.io/new'], '$deleteFromPrimitiveList/finalizers': ['a.io/one'] },
    });
    assert.deepEqual(ordered['metadata'].finalizers, ['a.io/two', 'a.io/new']);
  });

  it('merges ownerReferences on uid and status conditions on type', () => {
    const out = patchPod({
      metadata: { ownerReferences: [{ uid: 'u1', controller: true }] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    assert.deepEqual(out['metadata'].ownerReferences, [{ uid: 'u1', kind: 'StatefulSet', name: 'web', controller: true }]);
    assert.deepEqual(out['status'].conditions, [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }]);
  });

  it('replaces lists without a patch strategy (tolerations)', () => {
    const out = patchPod({ spec: { tolerations: [{ key: 'y', operator: 'Exists', value: null }] } });
    assert.deepEqual(out['spec'].tolerations, [{ key: 'y', operator: 'Exists' }]);
  });

  it('processes directives inside lists the object did not have yet', () => {
    const out = patchPod({
      spec: { '$setElementOrder/initContainers': [{ name: 'init' }], initContainers: [{ name: 'init', image: 'i:1', env: [{ name: 'X', value: '1' }] }] },
    });
    assert.deepEqual(out['spec'].initContainers, [{ name: 'init', image: 'i:1', env: [{ name: 'X', value: '1' }] }]);
  });
});

describe('applyStrategicMergePatch: input checks', () => {
  it('rejects unknown kinds with E_PATCH_UNSUPPORTED', () => {
    rejects('E_PATCH_UNSUPPORTED', () => applyStrategicMergePatch({}, {}, { group: 'example.com', kind: 'Widget' }));
  });

  it('rejects non-object patches, unknown directives and malformed directive values', () => {
    rejects('E_PATCH_INVALID', () => applyStrategicMergePatch(pod(), [], podKind));
    rejects('E_PATCH_INVALID', () => applyStrategicMergePatch(pod(), null, podKind));
    rejects('E_PATCH_INVALID', () => patchPod({ metadata: { $bogus: 1 } }));
    rejects('E_PATCH_INVALID', () => patchPod({ metadata: { $patch: 'merge' } }));
    rejects('E_PATCH_INVALID', () => patchPod({ metadata: { '$deleteFromPrimitiveList/finalizers': 'a.io/one' } }));
    rejects('E_PATCH_INVALID', () => patchPod({ spec: { '$setElementOrder/containers': { name: 'app' } } }));
    rejects('E_PATCH_INVALID', () => patchPod({ spec: { volumes: [{ name: 'cfg', $retainKeys: 'name' }] } }));
    rejects('E_PATCH_INVALID', () => patchPod({ metadata: { finalizers: [{ name: 'x' }] } }));
  });
});
