import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMergePatch } from './merge-patch.js';
import { PatchError } from './patch-error.js';

describe('applyMergePatch', () => {
  it('follows the RFC 7386 appendix A examples (object patches)', () => {
    const cases: Array<[unknown, unknown, unknown]> = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [doc, patch, want] of cases) assert.deepEqual(applyMergePatch(doc, patch), want, JSON.stringify(patch));
  });

  it('follows the RFC 7386 section 3 example', () => {
    const doc = { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'This will be unchanged' };
    const patch = { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] };
    assert.deepEqual(applyMergePatch(doc, patch), {
      title: 'Hello!',
      author: { givenName: 'John' },
      tags: ['example'],
      content: 'This will be unchanged',
      phoneNumber: '+01-123-456-7890',
    });
  });

  it('rejects a patch that is not an object, as kube-apiserver does', () => {
    for (const patch of [['c'], null, 'bar', 1]) {
      assert.throws(() => applyMergePatch({ a: 'b' }, patch), (e: unknown) => e instanceof PatchError && e.code === 'E_PATCH_INVALID');
    }
  });

  it('does not modify or alias its inputs', () => {
    const doc = { spec: { replicas: 1, template: { labels: { a: '1' } } } };
    const patch = { spec: { replicas: 2, extra: { list: [1] } } };
    const out = applyMergePatch(doc, patch) as { spec: { extra: { list: number[] }; template: { labels: Record<string, string> } } };
    assert.deepEqual(doc, { spec: { replicas: 1, template: { labels: { a: '1' } } } });
    out.spec.extra.list.push(2);
    out.spec.template.labels['b'] = '2';
    assert.deepEqual(patch.spec.extra.list, [1]);
    assert.deepEqual(doc.spec.template.labels, { a: '1' });
  });
});
