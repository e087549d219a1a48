import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseResolvConf, resolvConf } from './resolv-conf.js';

const host = '# host\nnameserver 192.168.1.1\nnameserver 192.168.1.2\nsearch corp.example lan.\noptions edns0 timeout:2\n';

describe('resolvConf', () => {
  it('ClusterFirst (the default): cluster nameserver, cluster searches then the host\'s, ndots:5', () => {
    const pod = { metadata: { name: 'p', namespace: 'shop' }, spec: {} };
    assert.equal(resolvConf(pod, { nameserver: '10.96.0.10' }), 'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    assert.equal(
      resolvConf(pod, { nameserver: '10.96.0.10', zone: 'z.test', hostResolvConf: host }),
      'search shop.svc.z.test svc.z.test z.test corp.example lan\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  it('ClusterFirst with hostNetwork, or without a cluster nameserver, acts as Default', () => {
    const pod = { metadata: { name: 'p', namespace: 'shop' }, spec: { hostNetwork: true } };
    assert.equal(resolvConf(pod, { nameserver: '10.96.0.10', hostResolvConf: host }), 'search corp.example lan\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 timeout:2\n');
    const withHostNet = { metadata: { name: 'p', namespace: 'shop' }, spec: { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } };
    assert.match(resolvConf(withHostNet, { nameserver: '10.96.0.10' }), /^nameserver 10\.96\.0\.10$/m);
    assert.equal(resolvConf({ metadata: { namespace: 'a' }, spec: {} }, { nameserver: [] }), 'search .\nnameserver 127.0.0.1\n');
  });

  it('Default copies the host resolv.conf', () => {
    const pod = { metadata: { name: 'p', namespace: 'shop' }, spec: { dnsPolicy: 'Default' } };
    assert.equal(resolvConf(pod, { nameserver: '10.96.0.10', hostResolvConf: host }), 'search corp.example lan\nnameserver 192.168.1.1\nnameserver 192.168.1.2\noptions edns0 timeout:2\n');
  });

  it('None uses only dnsConfig; dnsConfig merges into other policies without duplicates', () => {
    const none = { metadata: { namespace: 'shop' }, spec: { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } } };
    assert.equal(resolvConf(none, { nameserver: '10.96.0.10' }), 'search a.example\nnameserver 1.1.1.1\noptions ndots:2 edns0\n');
    const merged = { metadata: { namespace: 'shop' }, spec: { dnsConfig: { nameservers: ['10.96.0.10', '1.1.1.1', '2.2.2.2', '3.3.3.3'], searches: ['svc.cluster.local', 'x.example'], options: [{ name: 'ndots', value: '1' }, { name: 'single-request' }] } } };
    assert.equal(
      resolvConf(merged, { nameserver: '10.96.0.10' }),
      'search shop.svc.cluster.local svc.cluster.local cluster.local x.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\nnameserver 2.2.2.2\noptions ndots:1 single-request\n',
    );
  });

  it('parses the last search line and all options', () => {
    assert.deepEqual(parseResolvConf('search a b\nsearch c\noptions x\noptions y:1\nnameserver 9.9.9.9 # c\n'), { servers: ['9.9.9.9'], searches: ['c'], options: ['x', 'y:1'] });
  });
});
