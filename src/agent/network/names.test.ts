import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNetworkError } from './network-error.js';
import { checkPrefix, isOurLink, parseAddrList, parseLinkList, parseNetnsList, podNames, podUidOfNetns } from './names.js';

describe('pod network names', () => {
  it('derives names within the 15-char interface limit and maps namespaces back to pod uids', () => {
    const uid = '3f2a9c1e-7d4b-4e1a-9b8c-0123456789ab';
    const n = podNames('ordab1', uid);
    assert.equal(n.netns, `ordab1-${uid}`);
    assert.match(n.hostVeth, /^ordab1h[0-9a-f]{8}$/);
    assert.equal(n.hostVeth.length, 15);
    assert.equal(n.podVeth, n.hostVeth.replace('ordab1h', 'ordab1p'));
    assert.equal(podUidOfNetns('ordab1', n.netns), uid);
    assert.equal(podUidOfNetns('ordab', n.netns), undefined);
    assert.ok(isOurLink('ordab1', n.hostVeth) && isOurLink('ordab1', 'ordab1br0'));
    assert.ok(!isOurLink('ordab', n.hostVeth) && !isOurLink('ordab', 'ordab1br0') && !isOurLink('ordab1', 'eth0'));
  });

  it('refuses prefixes and uids that cannot name things', () => {
    for (const p of ['o', 'Ord', 'ord-1', 'ordinal', '1ord']) assert.throws(() => checkPrefix(p), isNetworkError, p);
    for (const u of ['', '../x', 'a b', 'a/b']) assert.throws(() => podNames('ord', u), isNetworkError, u);
  });

  it('parses ip output', () => {
    assert.deepEqual(parseNetnsList('ord-b (id: 1)\nord-a\n\n'), ['ord-b', 'ord-a']);
    const links = '1: lo: <LOOPBACK,UP> mtu 65536\n7: ordh0a1b2c3d@if6: <BROADCAST> mtu 1500\n8: ordbr0: <BROADCAST> mtu 1500';
    assert.deepEqual(parseLinkList(links), ['lo', 'ordh0a1b2c3d', 'ordbr0']);
    const addrs = '1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 10.244.0.5/16 brd 10.244.255.255 scope global eth0';
    assert.deepEqual(parseAddrList(addrs), [{ dev: 'lo', cidr: '127.0.0.1/8' }, { dev: 'eth0', cidr: '10.244.0.5/16' }]);
  });
});
