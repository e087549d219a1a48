import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failoverAnnotations, failoverResult, finishedFailover, newFailoverRequestId, pendingFailoverRequest } from './failover-request.js';

describe('failover requests', () => {
  const now = new Date('2025-01-02T03:04:05.678Z');
  const id = newFailoverRequestId(now, () => 'beef');

  it('makes time-ordered ids', () => assert.equal(id, '20250102T030405-beef'));

  it('is pending until a terminal result with its id is in status', () => {
    const obj = { metadata: { annotations: failoverAnnotations({ id, to: 'rc-3' }) }, status: {} as Record<string, unknown> };
    assert.deepEqual(pendingFailoverRequest(obj), { id, to: 'rc-3' });
    obj.status['failover'] = failoverResult({ id, to: 'rc-3' }, 'Running', 'handing over', now);
    assert.deepEqual(pendingFailoverRequest(obj), { id, to: 'rc-3' });
    assert.equal(finishedFailover(obj, id), undefined);
    obj.status['failover'] = failoverResult({ id, to: 'rc-3' }, 'Succeeded', 'rc-3 is master', now, { from: 'rc-0', to: 'rc-3' });
    assert.equal(pendingFailoverRequest(obj), undefined);
    assert.equal(finishedFailover(obj, id)!.to, 'rc-3');
    assert.equal(finishedFailover(obj, 'other'), undefined);
  });

  it('no annotations, no request', () => assert.equal(pendingFailoverRequest({}), undefined));
});
