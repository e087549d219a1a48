import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EndpointRotation } from './endpoint-rotation.js';

const ep = (n: number): { ip: string; port: number } => ({ ip: `10.0.0.${n}`, port: 80 });
const firsts = (r: EndpointRotation, times: number): string[] => Array.from({ length: times }, () => r.take()[0]?.ip ?? '-');

describe('EndpointRotation', () => {
  it('starts each connection at the next endpoint and lists the others as fallbacks in order', () => {
    const r = new EndpointRotation([ep(1), ep(2), ep(3)]);
    assert.deepEqual(r.take().map((e) => e.ip), ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    assert.deepEqual(r.take().map((e) => e.ip), ['10.0.0.2', '10.0.0.3', '10.0.0.1']);
    assert.deepEqual(firsts(r, 4), ['10.0.0.3', '10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });

  it('gives nothing without endpoints', () => {
    const r = new EndpointRotation();
    assert.deepEqual(r.take(), []);
    r.set([ep(1)]);
    assert.deepEqual(firsts(r, 2), ['10.0.0.1', '10.0.0.1']);
    r.set([]);
    assert.deepEqual(r.take(), []);
  });

  it('keeps the turn on the upcoming endpoint when the list changes, and never hands out a removed one', () => {
    const r = new EndpointRotation([ep(1), ep(2), ep(3)]);
    r.take(); // next is 2
    r.set([ep(0), ep(1), ep(2), ep(3)]);
    assert.equal(r.take()[0]?.ip, '10.0.0.2');
    r.set([ep(0), ep(1), ep(2)]); // upcoming 3 removed: wraps
    const all = firsts(r, 6);
    assert.ok(!all.includes('10.0.0.3'), all.join());
    assert.equal(new Set(all).size, 3);
    assert.equal(r.has(ep(3)), false);
    assert.equal(r.has(ep(1)), true);
  });
});
