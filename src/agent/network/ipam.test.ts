import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ipam } from './ipam.js';
import { parseCidr } from './ipv4.js';
import { isNetworkError } from './network-error.js';

const code = (c: string) => (e: unknown) => isNetworkError(e) && e.code === c;

describe('Ipam', () => {
  it('skips network, gateway and broadcast and exhausts a /29', () => {
    const ipam = new Ipam('10.9.0.8/29');
    assert.equal(ipam.gateway, '10.9.0.9');
    assert.equal(ipam.prefixLength, 29);
    assert.equal(ipam.capacity, 5);
    const ips = ['a', 'b', 'c', 'd', 'e'].map((o) => ipam.allocate(o));
    assert.deepEqual(ips, ['10.9.0.10', '10.9.0.11', '10.9.0.12', '10.9.0.13', '10.9.0.14']);
    assert.throws(() => ipam.allocate('f'), code('E_IPAM_EXHAUSTED'));
  });

  it('gives an owner the same address twice and reuses released ones round robin', () => {
    const ipam = new Ipam('10.9.0.0/29');
    assert.equal(ipam.allocate('a'), '10.9.0.2');
    assert.equal(ipam.allocate('a'), '10.9.0.2');
    assert.equal(ipam.allocate('b'), '10.9.0.3');
    ipam.release('10.9.0.2');
    assert.equal(ipam.ownerOf('10.9.0.2'), undefined);
    assert.equal(ipam.allocate('c'), '10.9.0.4', 'not the just-released address');
    ipam.allocate('d');
    ipam.allocate('e');
    assert.equal(ipam.allocate('f'), '10.9.0.2', 'wraps around to the freed one');
    ipam.release('10.9.0.2');
    ipam.release('10.9.0.2');
    assert.equal(ipam.addressOf('f'), undefined);
  });

  it('is rebuilt with reserve() and refuses conflicts and foreign addresses', () => {
    const ipam = new Ipam('10.244.0.0/16');
    ipam.reserve('10.244.3.7', 'p1');
    ipam.reserve('10.244.3.7', 'p1');
    assert.throws(() => ipam.reserve('10.244.3.7', 'p2'), code('E_IPAM_CONFLICT'));
    for (const ip of ['10.244.0.0', '10.244.0.1', '10.244.255.255', '10.245.0.2', 'x']) {
      assert.throws(() => ipam.reserve(ip, 'p3'), (e: unknown) => isNetworkError(e));
    }
    assert.equal(ipam.allocate('p4'), '10.244.0.2');
    assert.equal(ipam.addressOf('p1'), '10.244.3.7');
    assert.deepEqual(ipam.allocations(), [{ ip: '10.244.0.2', owner: 'p4' }, { ip: '10.244.3.7', owner: 'p1' }]);
  });

  it('rejects malformed ranges', () => {
    for (const bad of ['10.0.0.0', '10.0.0.1/24', '10.0.0.0/31', '10.0.0.0/7', '300.0.0.0/8', '10.0.0.0/x']) {
      assert.throws(() => parseCidr(bad), code('E_CIDR'), bad);
    }
    assert.deepEqual(parseCidr('192.168.4.0/22'), { network: 0xc0a80400, broadcast: 0xc0a807ff, prefixLength: 22 });
  });
});
