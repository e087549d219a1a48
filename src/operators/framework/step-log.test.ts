import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeProgress, isFinished, markDone, markRunning, nextStep, startOperation, stepState } from './step-log.js';

const now = new Date('2025-01-01T00:00:00Z');

describe('step log', () => {
  const op = startOperation({ id: 'scale-in-7', type: 'ScaleIn', params: { from: 4, to: 3 }, steps: ['migrate-slots:0-100', 'forget:abc', 'shrink'] }, now);

  it('starts with every step pending', () => {
    assert.deepEqual(op.steps.map((s) => s.state), ['pending', 'pending', 'pending']);
    assert.equal(op.startedAt, now.toISOString());
    assert.equal(nextStep(op)!.name, 'migrate-slots:0-100');
  });

  it('resumes at the first step not done, a running one included', () => {
    const a = markDone(op, 'migrate-slots:0-100', now);
    const b = markRunning(a, 'forget:abc', now, 'FORGET sent to 2/5');
    assert.equal(nextStep(b)!.name, 'forget:abc');
    assert.equal(stepState(b, 'forget:abc'), 'running');
    assert.equal(stepState(op, 'migrate-slots:0-100'), 'pending', 'helpers never change their input');
    assert.match(describeProgress(b), /ScaleIn 1\/3 steps done, at forget:abc \(running: FORGET sent to 2\/5\)/);
    const c = markDone(markDone(b, 'forget:abc', now), 'shrink', now);
    assert.equal(isFinished(c), true);
    assert.equal(nextStep(c), undefined);
  });

  it('rejects unknown and duplicate step names', () => {
    assert.throws(() => markDone(op, 'nope', now), /no step "nope"/);
    assert.throws(() => startOperation({ id: 'x', type: 'X', steps: ['a', 'a'] }, now), /twice/);
  });
});
