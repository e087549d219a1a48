import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads Go-style durations and plain seconds', () => {
    assert.equal(parseDuration('10m', '--timeout'), 600_000);
    assert.equal(parseDuration('1h30m', '--timeout'), 5_400_000);
    assert.equal(parseDuration('500ms', '--timeout'), 500);
    assert.equal(parseDuration('45', '--timeout'), 45_000);
    assert.equal(parseDuration('1.5s', '--timeout'), 1500);
  });
  it('names the flag when the text is not a duration', () => {
    assert.throws(() => parseDuration('ten minutes', '--timeout'), /--timeout must be a duration/);
    assert.throws(() => parseDuration('10x', '--timeout'), /got "10x"/);
    assert.throws(() => parseDuration('', '--timeout'), /--timeout/);
  });
});
