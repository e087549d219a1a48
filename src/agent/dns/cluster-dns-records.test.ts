import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildClusterDnsRecords } from './cluster-dns-records.js';
import { clusterInput, redisHeadless } from './fixtures.test-util.js';

const addresses = (records: ReturnType<typeof buildClusterDnsRecords>, name: string): string[] =>
  records.lookup(name, 'A').flatMap((r) => (r.type === 'A' ? [r.address] : [])).sort();

describe('buildClusterDnsRecords', () => {
  const records = buildClusterDnsRecords(clusterInput());

  it('answers a ClusterIP Service with its virtual IP only', () => {
    assert.deepEqual(addresses(records, 'api.web.svc.cluster.local'), ['10.96.0.10']);
    assert.equal(records.hasName('10-244-0-20.api.web.svc.cluster.local'), false);
  });

  it('answers a headless Service with every ready endpoint', () => {
    assert.deepEqual(addresses(records, 'redis-service.default.svc.cluster.local'), ['10.244.0.10', '10.244.0.11']);
  });

  it('answers each StatefulSet pod by hostname, case-insensitively and with a trailing dot', () => {
    assert.deepEqual(addresses(records, 'redis-app-0.redis-service.default.svc.cluster.local'), ['10.244.0.10']);
    assert.deepEqual(addresses(records, 'Redis-App-1.redis-service.default.svc.cluster.local.'), ['10.244.0.11']);
    assert.equal(records.hasName('redis-app-2.redis-service.default.svc.cluster.local'), false);
  });

  it('publishes not-ready addresses only when asked', () => {
    const published = buildClusterDnsRecords({ services: [redisHeadless(true)] });
    assert.deepEqual(addresses(published, 'redis-app-2.redis-service.default.svc.cluster.local'), ['10.244.0.12']);
    assert.equal(addresses(published, 'redis-service.default.svc.cluster.local').length, 3);
  });

  it('builds SRV records for named ports only', () => {
    assert.deepEqual(records.lookup('_http._tcp.api.web.svc.cluster.local', 'SRV'), [
      { type: 'SRV', name: '_http._tcp.api.web.svc.cluster.local', priority: 0, weight: 100, port: 80, target: 'api.web.svc.cluster.local' },
    ]);
    const targets = records.lookup('_redis._tcp.redis-service.default.svc.cluster.local', 'SRV').map((r) => (r.type === 'SRV' ? `${r.target}:${r.port}` : ''));
    assert.deepEqual(targets.sort(), [
      'redis-app-0.redis-service.default.svc.cluster.local:6379',
      'redis-app-1.redis-service.default.svc.cluster.local:6379',
    ]);
    assert.equal(records.all().filter((r) => r.type === 'SRV').length, 3);
  });

  it('names endpoints without a hostname by their dashed address', () => {
    const r = buildClusterDnsRecords({ services: [{ name: 'h', namespace: 'n', ports: [], ready: [{ ip: '10.1.2.3' }] }] });
    assert.deepEqual(addresses(r, '10-1-2-3.h.n.svc.cluster.local'), ['10.1.2.3']);
  });

  it('answers pods by dashed address', () => {
    assert.deepEqual(addresses(records, '10-244-0-10.default.pod.cluster.local'), ['10.244.0.10']);
  });

  it('knows empty non-terminals and the zone boundary', () => {
    assert.equal(records.hasName('default.svc.cluster.local'), true);
    assert.equal(records.hasName('svc.cluster.local'), true);
    assert.equal(records.hasName('nope.default.svc.cluster.local'), false);
    assert.equal(records.isInZone('x.cluster.local'), true);
    assert.equal(records.isInZone('example.com'), false);
    assert.equal(records.isInZone('notcluster.local'), false);
  });

  it('honours a custom zone and ignores non-IPv4 addresses', () => {
    const r = buildClusterDnsRecords({ zone: 'corp.internal.', services: [{ name: 's', namespace: 'n', clusterIP: 'fd00::1', ports: [], ready: [] }] });
    assert.equal(r.zone, 'corp.internal');
    assert.equal(r.all().length, 0);
  });
});
