import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAmount, isQuantity, quantityMilliValue, quantityValue, resourceAmount } from './quantity.js';

describe('quantities', () => {
  it('parses cpu into millicores, exactly', () => {
    assert.equal(quantityMilliValue('250m'), 250);
    assert.equal(quantityMilliValue('1'), 1000);
    assert.equal(quantityMilliValue('0.1'), 100);
    assert.equal(quantityMilliValue('.5'), 500);
    assert.equal(quantityMilliValue('1.5'), 1500);
    assert.equal(quantityMilliValue(2), 2000);
    assert.equal(quantityMilliValue('100n'), 1, 'rounds up like MilliValue');
    assert.equal(quantityMilliValue('1e3'), 1_000_000);
  });

  it('parses memory into bytes with binary and decimal suffixes', () => {
    assert.equal(quantityValue('256Mi'), 256 * 1024 * 1024);
    assert.equal(quantityValue('1Gi'), 1024 ** 3);
    assert.equal(quantityValue('1.5Gi'), 1.5 * 1024 ** 3);
    assert.equal(quantityValue('100M'), 100_000_000);
    assert.equal(quantityValue('1k'), 1000);
    assert.equal(quantityValue('2Ki'), 2048);
    assert.equal(quantityValue('1E'), 1e18);
    assert.equal(quantityValue('12e6'), 12_000_000);
    assert.equal(quantityValue('0.5'), 1, 'rounds up like Value');
  });

  it('rejects what is not a quantity', () => {
    for (const bad of ['', 'abc', '1 Gi', '1gi', '1.2.3', 'Mi', '--1']) {
      assert.equal(isQuantity(bad), false, bad);
      assert.equal(quantityValue(bad), undefined, bad);
    }
    assert.equal(resourceAmount('cpu', 'nonsense'), 0);
  });

  it('compares cpu in millicores and the rest in units', () => {
    assert.equal(resourceAmount('cpu', '2'), 2000);
    assert.equal(resourceAmount('memory', '1Mi'), 1048576);
    assert.equal(resourceAmount('pods', '110'), 110);
  });

  it('formats amounts for people', () => {
    assert.equal(formatAmount('cpu', 250), '250m');
    assert.equal(formatAmount('cpu', 2000), '2');
    assert.equal(formatAmount('memory', 256 * 1024 * 1024), '256Mi');
    assert.equal(formatAmount('memory', 1000), '1000');
  });
});
