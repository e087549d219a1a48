import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMessage, formatDuration, nextBackoff, remainingBackoff } from './crash-backoff.js';

describe('crash back-off', () => {
  it('starts at 10s, doubles to 5m and resets after a long run', () => {
    let b = nextBackoff(undefined, 0, 1000);
    assert.equal(b.delayMs, 10_000);
    const delays = [b.delayMs];
    for (let i = 0; i < 7; i++) {
      b = nextBackoff(b, 0, 1000);
      delays.push(b.delayMs);
    }
    assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    assert.equal(nextBackoff(b, 0, 600_000).delayMs, 10_000);
  });
  it('tells how long is left and words it like the kubelet', () => {
    const b = nextBackoff(undefined, 1000, 0);
    assert.equal(remainingBackoff(b, 6000), 5000);
    assert.equal(remainingBackoff(b, 20_000), 0);
    assert.equal(formatDuration(80_000), '1m20s');
    assert.equal(backoffMessage(40_000, 'redis', 'r-0', 'default', 'u1'), 'back-off 40s restarting failed container=redis pod=r-0_default(u1)');
  });
});
