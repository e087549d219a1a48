import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { after, before, describe, it } from 'node:test';
import { buildClusterDnsRecords } from './cluster-dns-records.js';
import { DnsServer } from './dns-server.js';
import { clusterInput } from './fixtures.test-util.js';

describe('DnsServer over real sockets', () => {
  const server = new DnsServer(buildClusterDnsRecords(clusterInput()));
  const resolver = new Resolver({ timeout: 2000, tries: 1 });

  before(async () => {
    const { port } = await server.start({ host: '127.0.0.1', port: 0 });
    resolver.setServers([`127.0.0.1:${port}`]);
  });
  after(() => server.stop());

  it('resolves a StatefulSet pod and its headless Service', async () => {
    assert.deepEqual(await resolver.resolve4('redis-app-0.redis-service.default.svc.cluster.local'), ['10.244.0.10']);
    assert.deepEqual((await resolver.resolve4('redis-service.default.svc.cluster.local')).sort(), ['10.244.0.10', '10.244.0.11']);
    const ttl = await resolver.resolve4('api.web.svc.cluster.local', { ttl: true });
    assert.deepEqual(ttl, [{ address: '10.96.0.10', ttl: 5 }]);
  });

  it('resolves SRV records of the headless Service', async () => {
    const srv = await resolver.resolveSrv('_redis._tcp.redis-service.default.svc.cluster.local');
    assert.deepEqual(srv.map((s) => `${s.name}:${s.port}`).sort(), [
      'redis-app-0.redis-service.default.svc.cluster.local:6379',
      'redis-app-1.redis-service.default.svc.cluster.local:6379',
    ]);
  });

  it('answers NXDOMAIN, empty AAAA and REFUSED', async () => {
    await assert.rejects(resolver.resolve4('nope.default.svc.cluster.local'), { code: 'ENOTFOUND' });
    await assert.rejects(resolver.resolve6('redis-service.default.svc.cluster.local'), { code: 'ENODATA' });
    await assert.rejects(resolver.resolve4('example.com'), { code: 'EREFUSED' });
  });

  it('answers SERVFAIL, not silence, when a query fails inside the server', async () => {
    const good = buildClusterDnsRecords(clusterInput());
    const broken = new Proxy(good, { get: () => () => { throw new Error('boom'); } });
    server.update(broken);
    try {
      const t0 = Date.now();
      await assert.rejects(resolver.resolve4('redis-app-0.redis-service.default.svc.cluster.local'), { code: 'ESERVFAIL' });
      assert.ok(Date.now() - t0 < 1000, 'answered at once, not after the resolver timeout');
    } finally {
      server.update(good);
    }
  });

  it('swaps records atomically and falls back to TCP for large answers', async () => {
    const ready = Array.from({ length: 60 }, (_, i) => ({ ip: `10.244.1.${i + 1}`, hostname: `big-${i}` }));
    server.update(buildClusterDnsRecords({ services: [{ name: 'big', namespace: 'default', ports: [], ready }] }));
    await assert.rejects(resolver.resolve4('redis-service.default.svc.cluster.local'), { code: 'ENOTFOUND' });
    const all = await resolver.resolve4('big.default.svc.cluster.local');
    assert.equal(all.length, 60);
  });
});
