import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSteps, stepDone, stepNotYet, type StepExecutor } from './run-steps.js';
import { startOperation } from './step-log.js';
import type { Operation } from './types.js';

const now = (): Date => new Date('2025-01-01T00:00:00Z');

function recorder(): { persist: (op: Operation) => Promise<void>; log: string[]; last: () => Operation | undefined } {
  const writes: Operation[] = [];
  return {
    persist: async (op) => void writes.push(structuredClone(op)),
    get log() {
      return writes.map((w) => w.steps.map((s) => `${s.name}:${s.state}`).join(','));
    },
    last: () => writes.at(-1),
  };
}

describe('runSteps', () => {
  const op = startOperation({ id: 'op-1', type: 'ScaleIn', steps: ['a', 'b:1', 'b:2'] }, now());

  it('persists before and after each step and finishes', async () => {
    const r = recorder();
    const ran: string[] = [];
    const exec: StepExecutor = async (s) => (ran.push(s.name), stepDone());
    const out = await runSteps(op, { a: exec, b: exec }, r.persist, { now });
    assert.equal(out.finished, true);
    assert.deepEqual(ran, ['a', 'b:1', 'b:2']);
    assert.deepEqual(r.log, [
      'a:running,b:1:pending,b:2:pending',
      'a:done,b:1:pending,b:2:pending',
      'a:done,b:1:running,b:2:pending',
      'a:done,b:1:done,b:2:pending',
      'a:done,b:1:done,b:2:running',
      'a:done,b:1:done,b:2:done',
    ]);
  });

  it('stops at the first step that is not yet done and returns its requeue', async () => {
    const r = recorder();
    const out = await runSteps(op, async (s) => (s.name === 'b:1' ? stepNotYet('slots to move', 500) : stepDone()), r.persist, { now });
    assert.equal(out.finished, false);
    assert.equal(out.requeueAfterMs, 500);
    assert.equal(out.waitingFor, 'slots to move');
    assert.equal(out.operation.steps[1]!.detail, 'slots to move');
    // waiting again with the same detail writes nothing
    const again = recorder();
    await runSteps(out.operation, async () => stepNotYet('slots to move'), again.persist, { now });
    assert.deepEqual(again.log, []);
  });

  it('a new runner resumes a crashed log at the first unfinished step (a running step runs again)', async () => {
    const r = recorder();
    await assert.rejects(runSteps(op, async (s) => {
      if (s.name === 'b:1') throw new Error('crash');
      return stepDone();
    }, r.persist, { now }), { code: 'E_STEP_FAILED' });
    const crashed = r.last()!;
    assert.equal(crashed.steps[1]!.state, 'failed');
    const ran: string[] = [];
    const out = await runSteps(crashed, async (s) => (ran.push(s.name), stepDone()), r.persist, { now });
    assert.deepEqual(ran, ['b:1', 'b:2']);
    assert.equal(out.finished, true);
  });

  it('keeps credentials out of a failed step detail', async () => {
    const r = recorder();
    await assert.rejects(runSteps(op, async () => {
      throw new Error('connect with password=hunter2 failed');
    }, r.persist, { now }));
    assert.doesNotMatch(JSON.stringify(r.last()), /hunter2/);
  });

  it('a missing executor is an error', async () => {
    await assert.rejects(runSteps(op, {}, recorder().persist, { now }), { code: 'E_NO_STEP_EXECUTOR' });
  });
});
