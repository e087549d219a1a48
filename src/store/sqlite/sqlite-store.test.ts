import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { StoreEvent } from '../types.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ordinal-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const obj = (name: string, extra: Record<string, unknown> = {}) => ({ kind: 'ConfigMap', metadata: { name }, ...extra });

describe('SqliteStore', () => {
  it('stamps a global revision per write and enforces optimistic concurrency', () => {
    const s = new SqliteStore({ path: join(dir, 'a.db') });
    const a = s.create('/core/configmaps/ns/a', obj('a'));
    const b = s.create('/core/configmaps/ns/b', obj('b'));
    assert.equal(b.rev, a.rev + 1);
    assert.equal(a.value['metadata'].resourceVersion, String(a.rev));
    assert.throws(() => s.create('/core/configmaps/ns/a', obj('a')), { code: 'E_STORE_EXISTS' });
    const a2 = s.update('/core/configmaps/ns/a', obj('a', { data: { x: '1' } }), a.rev);
    assert.equal(a2.rev, b.rev + 1);
    assert.throws(() => s.update('/core/configmaps/ns/a', obj('a'), a.rev), { code: 'E_STORE_CONFLICT' });
    assert.throws(() => s.update('/core/configmaps/ns/zz', obj('zz')), { code: 'E_STORE_NOT_FOUND' });
    const del = s.delete('/core/configmaps/ns/b');
    assert.equal(del.value['metadata'].resourceVersion, String(a2.rev + 1));
    assert.equal(s.get('/core/configmaps/ns/b'), undefined);
    s.close();
  });

  it('lists by prefix in key order with limit and continue', () => {
    const s = new SqliteStore({ path: join(dir, 'b.db') });
    for (const n of ['c', 'a', 'b', 'd']) s.create(`/core/configmaps/ns1/${n}`, obj(n));
    s.create('/core/configmaps/ns2/a', obj('a'));
    s.create('/core/configmapsx/ns1/a', obj('a'));
    const page1 = s.list('/core/configmaps/ns1/', { limit: 3 });
    assert.deepEqual(page1.items.map((i) => i.value['metadata'].name), ['a', 'b', 'c']);
    assert.equal(page1.more, true);
    const page2 = s.list('/core/configmaps/ns1/', { limit: 3, after: page1.items[2]!.key });
    assert.deepEqual(page2.items.map((i) => i.value['metadata'].name), ['d']);
    assert.equal(page2.more, false);
    assert.equal(s.list('/core/configmaps/').items.length, 5);
    assert.equal(s.count('/core/configmaps/'), 5);
    s.close();
  });

  it('replays the change log from any retained revision, then delivers live events exactly once', () => {
    const s = new SqliteStore({ path: join(dir, 'c.db') });
    const first = s.create('/core/configmaps/ns/a', obj('a'));
    s.update('/core/configmaps/ns/a', obj('a', { data: { v: '2' } }));
    s.create('/core/secrets/ns/s', obj('s'));
    const seen: StoreEvent[] = [];
    s.commit();
    const stop = s.watch('/core/configmaps/', first.rev - 1, (e) => seen.push(e));
    s.delete('/core/configmaps/ns/a');
    assert.equal(seen.length, 2, 'a live event is published at commit, not before');
    s.commit();
    stop();
    s.create('/core/configmaps/ns/after', obj('after'));
    assert.deepEqual(seen.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    assert.deepEqual(seen.map((e) => e.rev), [first.rev, first.rev + 1, first.rev + 3]);
    assert.ok(seen[1]!.prevJson?.includes('"resourceVersion":"' + first.rev + '"'));
    s.close();
  });

  it('refuses to watch from a compacted revision and keeps revisions increasing after reopen', () => {
    const path = join(dir, 'd.db');
    let s = new SqliteStore({ path });
    for (let i = 0; i < 5; i++) s.create(`/core/configmaps/ns/${i}`, obj(String(i)));
    const top = s.currentRevision();
    s.commit();
    s.compact(top - 1);
    s.commit();
    assert.equal(s.compactedRevision(), top - 1);
    assert.throws(() => s.watch('/core/', 1, () => {}), { code: 'E_STORE_COMPACTED' });
    const events: StoreEvent[] = [];
    s.watch('/core/', top - 1, (e) => events.push(e))();
    s.commit();
    assert.equal(events.length, 1);
    s.close();
    s = new SqliteStore({ path });
    assert.equal(s.currentRevision(), top);
    assert.equal(s.compactedRevision(), top - 1);
    assert.equal(s.create('/core/configmaps/ns/next', obj('next')).rev, top + 1);
    assert.equal(s.list('/core/configmaps/ns/').items.length, 6);
    s.close();
  });
});

describe('SqliteStore ownership', () => {
  it('refuses a second owner of the same file with a clear error', () => {
    const path = join(dir, 'e.db');
    const first = new SqliteStore({ path });
    first.create('/core/configmaps/ns/a', obj('a'));
    first.commit();
    assert.throws(() => new SqliteStore({ path }), (e: Error & { code?: string }) => e.code === 'E_STORE_LOCKED' && /another ordinal server/.test(e.message));
    first.close();
    const again = new SqliteStore({ path });
    assert.ok(again.get('/core/configmaps/ns/a'));
    again.close();
  });
});
