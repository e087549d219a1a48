import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('dedupes queued keys and keeps order', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.length, 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
  });

  it('never hands out a key that is being processed; a re-add while processing runs again after done', async () => {
    const q = new WorkQueue();
    q.add('a');
    const k = await q.get();
    q.add('a');
    assert.equal(q.length, 0, 'not queued while processing');
    q.done(k!);
    assert.equal(q.length, 1);
    assert.equal(await q.get(), 'a');
  });

  it('backs off per key on failures and forgets on success', async () => {
    const q = new WorkQueue(20, 1000);
    q.addRateLimited('x');
    q.addRateLimited('y');
    const t0 = Date.now();
    assert.equal(await q.get(), 'x');
    assert.ok(Date.now() - t0 >= 15);
    q.done('x');
    q.shutDown();
    assert.equal(await q.get(), undefined);
  });
});
