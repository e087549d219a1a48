import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VolumeOperations } from './volume-operations.js';

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('VolumeOperations', () => {
  it('one operation per key; others run side by side up to the limit, then queue', async () => {
    const ops = new VolumeOperations(() => {}, { maxConcurrent: 2 });
    const release: Array<() => void> = [];
    const op = (): Promise<void> => new Promise((r) => release.push(r));
    assert.equal(ops.start('a', op), 'started');
    assert.equal(ops.start('a', op), 'running');
    assert.equal(ops.start('b', op), 'started');
    assert.equal(ops.start('c', op), 'queued');
    assert.equal(release.length, 2);
    release.shift()!();
    await tick();
    assert.equal(release.length, 2, 'c ran once a finished');
    assert.ok(ops.isBusy('c'));
  });

  it('a failure backs off exponentially and wakes the key afterwards; a success clears it', async () => {
    const woken: string[] = [];
    let now = 0;
    const ops = new VolumeOperations((k) => woken.push(k), { initialBackoffMs: 10, now: () => now, graceMs: 0 });
    const errors: unknown[] = [];
    ops.start('a', () => Promise.reject(new Error('busy')), (_k, e) => errors.push(e));
    await tick();
    assert.equal(errors.length, 1);
    assert.equal(ops.start('a', async () => {}), 'backing-off');
    await tick(20);
    assert.deepEqual(woken, ['a']);
    now = 10;
    ops.start('a', () => Promise.reject(new Error('busy')));
    await tick();
    now = 25;
    assert.equal(ops.start('a', async () => {}), 'backing-off', 'second failure: 20 ms');
    now = 31;
    assert.equal(ops.start('a', async () => {}), 'started');
  });

  it('leaves a key that just succeeded alone for the grace, then looks again', async () => {
    const woken: string[] = [];
    const ops = new VolumeOperations((k) => woken.push(k), { graceMs: 20 });
    ops.start('a', async () => {});
    await tick();
    assert.equal(ops.start('a', async () => {}), 'just-done');
    await tick(40);
    assert.deepEqual(woken, ['a']);
    assert.equal(ops.start('a', async () => {}), 'started');
  });
});
