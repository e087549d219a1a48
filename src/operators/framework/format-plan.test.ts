import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAction, formatPlan } from './format-plan.js';

describe('formatPlan', () => {
  it('prints one action per line with its reason, then what it waits for', () => {
    const text = formatPlan({
      actions: [
        { type: 'CreateStatefulSet', name: 'rc', replicas: 6, reason: 'the StatefulSet does not exist' },
        { type: 'RedisAddSlots', pod: 'rc-0', slots: [[0, 5460]] },
      ],
      waitingFor: 'pods rc-0..rc-5 to be Running',
      requeueAfterMs: 2000,
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'WaitingForPods', message: '0/6 pods', lastTransitionTime: '' }] },
    }, 'rediscluster default/rc');
    assert.equal(text, [
      'rediscluster default/rc:',
      '  1. CreateStatefulSet name=rc replicas=6  -- the StatefulSet does not exist',
      '  2. RedisAddSlots pod=rc-0 slots=[[0,5460]]',
      '  waiting for: pods rc-0..rc-5 to be Running',
      '  condition Ready=False (WaitingForPods): 0/6 pods',
      '  look again in 2s',
      '',
    ].join('\n'));
  });

  it('says when there is nothing to do, and never prints a password', () => {
    assert.equal(formatPlan({ actions: [], status: {} }), 'no actions\n');
    const line = formatAction({ type: 'CreateSecret', password: 'hunter2', data: { password: 'hunter2' }, note: 'a b' });
    assert.doesNotMatch(line, /hunter2/);
    assert.match(line, /note="a b"/);
  });
});
