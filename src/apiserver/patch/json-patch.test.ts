import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJsonPatch } from './json-patch.js';
import { PatchError } from './patch-error.js';

function rejects(code: string, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof PatchError && e.code === code);
}

describe('applyJsonPatch', () => {
  const doc = { metadata: { name: 'a', labels: { app: 'x' } }, list: [1, 2, 3] };

  it('add sets object members, inserts into arrays and appends with "-"', () => {
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/metadata/labels/tier', value: 'web' }]), {
      metadata: { name: 'a', labels: { app: 'x', tier: 'web' } },
      list: [1, 2, 3],
    });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/list/1', value: 9 }]), { ...doc, list: [1, 9, 2, 3] });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/list/3', value: 9 }]), { ...doc, list: [1, 2, 3, 9] });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/list/-', value: 4 }]), { ...doc, list: [1, 2, 3, 4] });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/metadata/name', value: 'b' }]), {
      ...doc,
      metadata: { name: 'b', labels: { app: 'x' } },
    });
  });

  it('add with an empty path replaces the whole document', () => {
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '', value: { x: 1 } }]), { x: 1 });
  });

  it('remove deletes members and array elements', () => {
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'remove', path: '/metadata/labels/app' }]), {
      metadata: { name: 'a', labels: {} },
      list: [1, 2, 3],
    });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'remove', path: '/list/0' }]), { ...doc, list: [2, 3] });
  });

  it('replace swaps an existing value', () => {
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'replace', path: '/list/2', value: 'c' }]), { ...doc, list: [1, 2, 'c'] });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'replace', path: '/metadata', value: null }]), { metadata: null, list: [1, 2, 3] });
  });

  it('move and copy', () => {
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'move', from: '/metadata/name', path: '/name' }]), {
      metadata: { labels: { app: 'x' } },
      list: [1, 2, 3],
      name: 'a',
    });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'move', from: '/list/0', path: '/list/-' }]), { ...doc, list: [2, 3, 1] });
    const copied = applyJsonPatch(doc, [{ op: 'copy', from: '/metadata/labels', path: '/labels' }]) as Record<string, Record<string, unknown>>;
    assert.deepEqual(copied['labels'], { app: 'x' });
    assert.notEqual(copied['labels'], copied['metadata']?.['labels'], 'copy must not alias');
  });

  it('test passes on deep equality regardless of key order', () => {
    const ops = [
      { op: 'test', path: '/metadata', value: { labels: { app: 'x' }, name: 'a' } },
      { op: 'replace', path: '/metadata/name', value: 'b' },
    ];
    assert.equal((applyJsonPatch(doc, ops) as { metadata: { name: string } }).metadata.name, 'b');
  });

  it('decodes ~0 and ~1 escapes', () => {
    const annotated = { metadata: { annotations: { 'example.com/a~b': 'old' } } };
    const out = applyJsonPatch(annotated, [{ op: 'replace', path: '/metadata/annotations/example.com~1a~0b', value: 'new' }]);
    assert.deepEqual(out, { metadata: { annotations: { 'example.com/a~b': 'new' } } });
  });

  it('does not modify its inputs', () => {
    const input = structuredClone(doc);
    const ops = [{ op: 'add', path: '/list/-', value: { deep: [1] } }];
    const out = applyJsonPatch(input, ops) as { list: unknown[] };
    assert.deepEqual(input, doc);
    (out.list[3] as { deep: number[] }).deep.push(2);
    assert.deepEqual(ops[0]?.value, { deep: [1] });
  });

  it('applies operations in order and atomically reports the failing one', () => {
    assert.throws(
      () => applyJsonPatch(doc, [{ op: 'add', path: '/x', value: 1 }, { op: 'remove', path: '/nope' }]),
      (e: unknown) => e instanceof PatchError && e.code === 'E_PATCH_FAILED' && /operation 1/.test(e.message),
    );
  });

  it('rejects malformed patches with E_PATCH_INVALID', () => {
    rejects('E_PATCH_INVALID', () => applyJsonPatch(doc, { op: 'add' }));
    rejects('E_PATCH_INVALID', () => applyJsonPatch(doc, [{ op: 'frobnicate', path: '/a' }]));
    rejects('E_PATCH_INVALID', () => applyJsonPatch(doc, [{ op: 'add', path: '/a' }]));
    rejects('E_PATCH_INVALID', () => applyJsonPatch(doc, [{ op: 'add', path: 'a', value: 1 }]));
    rejects('E_PATCH_INVALID', () => applyJsonPatch(doc, [{ op: 'copy', path: '/a' }]));
    rejects('E_PATCH_INVALID', () => applyJsonPatch(doc, [{ op: 'add', path: '/a~2', value: 1 }]));
    rejects('E_PATCH_INVALID', () => applyJsonPatch(doc, ['add']));
    rejects('E_PATCH_INVALID', () => applyJsonPatch(doc, [{ op: 'move', from: '/metadata', path: '/metadata/labels/m' }]));
  });

  it('fails with E_PATCH_FAILED on missing paths, bad indexes and failed tests', () => {
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'add', path: '/missing/child', value: 1 }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'add', path: '/list/5', value: 1 }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'add', path: '/list/01', value: 1 }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'remove', path: '/metadata/namespace' }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'remove', path: '/list/3' }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'replace', path: '/nope', value: 1 }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'replace', path: '/list/-', value: 1 }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'move', from: '/nope', path: '/x' }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'copy', from: '/list/9', path: '/x' }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'test', path: '/metadata/name', value: 'b' }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'test', path: '/nope', value: null }]));
    rejects('E_PATCH_FAILED', () => applyJsonPatch(doc, [{ op: 'add', path: '/metadata/name/x', value: 1 }]));
  });

  it('does not follow the prototype chain', () => {
    rejects('E_PATCH_FAILED', () => applyJsonPatch({}, [{ op: 'remove', path: '/toString' }]));
    const out = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.deepEqual(Object.keys(out), ['__proto__']);
  });
});
