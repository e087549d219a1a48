import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podHostname } from './hostname.js';
import { hostsFile } from './hosts-file.js';

const header = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

describe('hostsFile', () => {
  it('writes the pod name without a subdomain', () => {
    const pod = { metadata: { name: 'web-0', namespace: 'shop' }, spec: {} };
    assert.equal(hostsFile(pod, '10.1.0.5'), header + '10.1.0.5\tweb-0\n');
  });

  it('writes hostname.subdomain.ns.svc.zone with a subdomain, for every pod IP, then hostAliases', () => {
    const pod = {
      metadata: { name: 'redis-app-0', namespace: 'db' },
      spec: { hostname: 'redis-app-0', subdomain: 'redis-service', hostAliases: [{ ip: '10.9.9.9', hostnames: ['foo.remote', 'bar.remote'] }] },
    };
    assert.equal(
      hostsFile(pod, ['10.1.0.7', 'fd00::7'], { zone: 'example.org' }),
      header + '10.1.0.7\tredis-app-0.redis-service.db.svc.example.org\tredis-app-0\nfd00::7\tredis-app-0.redis-service.db.svc.example.org\tredis-app-0\n'
        + '\n# Entries added by HostAliases.\n10.9.9.9\tfoo.remote\tbar.remote\n',
    );
  });
});

describe('podHostname', () => {
  it('prefers spec.hostname and truncates to 63 characters without a trailing - or .', () => {
    assert.equal(podHostname({ metadata: { name: 'p' }, spec: { hostname: 'h' } }).hostname, 'h');
    const name = 'x'.repeat(61) + '.-y';
    assert.equal(podHostname({ metadata: { name }, spec: {} }).hostname, 'x'.repeat(61));
    assert.deepEqual(podHostname({ metadata: { name: 'p', namespace: 'n' }, spec: { subdomain: 's' } }), { hostname: 'p', domain: 's.n.svc.cluster.local', containerHostname: 'p' });
  });
});
