import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImageRef, type ImageRef } from './image-ref.js';

function ref(s: string): ImageRef {
  const r = parseImageRef(s);
  assert.ok(r.ok, `${s}: ${r.ok ? '' : r.message}`);
  return r.ref;
}

describe('parseImageRef', () => {
  it('normalises a bare name to docker.io/library with :latest', () => {
    assert.deepEqual(ref('redis'), {
      original: 'redis', registry: 'docker.io', repository: 'library/redis', name: 'redis',
      tag: 'latest', digest: undefined, normalized: 'docker.io/library/redis:latest',
    });
  });

  it('reads tags and fully qualified docker.io names', () => {
    assert.equal(ref('redis:7.0').tag, '7.0');
    assert.equal(ref('redis:7.0').normalized, 'docker.io/library/redis:7.0');
    assert.equal(ref('docker.io/library/redis:7').normalized, 'docker.io/library/redis:7');
    assert.equal(ref('index.docker.io/redis').normalized, 'docker.io/library/redis:latest');
    const b = ref('bitnami/redis:7.2');
    assert.equal(b.registry, 'docker.io');
    assert.equal(b.repository, 'bitnami/redis');
    assert.equal(b.name, 'redis');
  });

  it('treats a first component with a dot, a port or localhost as the registry', () => {
    const h = ref('harbor.frognew.com/rg/redis:1.0');
    assert.equal(h.registry, 'harbor.frognew.com');
    assert.equal(h.repository, 'rg/redis');
    assert.equal(h.name, 'redis');
    assert.equal(h.tag, '1.0');
    const p = ref('172.16.18.100:5000/quay.io/coreos/etcd:v3.2.3');
    assert.equal(p.registry, '172.16.18.100:5000');
    assert.equal(p.repository, 'quay.io/coreos/etcd');
    assert.equal(p.name, 'etcd');
    assert.equal(p.tag, 'v3.2.3');
    const l = ref('localhost/busybox');
    assert.equal(l.registry, 'localhost');
    assert.equal(l.repository, 'busybox');
    const port = ref('registry:5000/redis');
    assert.equal(port.registry, 'registry:5000');
    assert.equal(port.tag, 'latest');
  });

  it('reads digests, with or without a tag', () => {
    const hex = 'a'.repeat(64);
    const d = ref(`redis@sha256:${hex}`);
    assert.equal(d.tag, undefined);
    assert.equal(d.digest, `sha256:${hex}`);
    assert.equal(d.normalized, `docker.io/library/redis@sha256:${hex}`);
    const td = ref(`quay.io/coreos/etcd:v3.4@sha256:${hex}`);
    assert.equal(td.tag, 'v3.4');
    assert.equal(td.digest, `sha256:${hex}`);
    assert.equal(td.registry, 'quay.io');
  });

  it('rejects what a kubelet would call InvalidImageName', () => {
    for (const bad of ['', ' redis', 'Redis', 'redis:', 'redis:-x', 'redis@sha256:abc', 'a//b', 'redis/', 'Harbor.x/Rg/redis', `x:${'t'.repeat(129)}`]) {
      const r = parseImageRef(bad);
      assert.equal(r.ok, false, bad);
    }
    const upper = parseImageRef('Redis');
    assert.ok(!upper.ok && upper.message.includes('must be lowercase'));
  });
});
