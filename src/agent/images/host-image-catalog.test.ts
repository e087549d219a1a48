import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostImageCatalog, type HostImageCatalogDeps } from './host-image-catalog.js';
import { ZOOKEEPER_MAIN } from './known-images.js';
import { isImageFound, type ImageResolution } from './types.js';

/** A host where exactly these absolute paths exist. */
function host(...paths: string[]): HostImageCatalogDeps {
  const present = new Set(paths);
  return { isExecutable: (p) => present.has(p), isReadable: (p) => present.has(p), searchPath: ['/usr/bin', '/usr/sbin'] };
}

const FULL = host('/usr/bin/redis-server', '/usr/sbin/mariadbd', '/usr/bin/etcd', '/usr/bin/sh', '/usr/bin/sleep', '/usr/bin/java', '/usr/share/java/zookeeper.jar');

function found(r: ImageResolution): string {
  assert.ok(isImageFound(r), `expected Found, got ${r.kind}: ${'message' in r ? r.message : ''}`);
  return r.image.name;
}

describe('HostImageCatalog', () => {
  const catalog = new HostImageCatalog({ deps: FULL });

  it('runs the seed images: harbor.frognew.com/rg/redis:1.0 (000), redis (001), redis:7.0 (example)', () => {
    assert.equal(found(catalog.resolve('harbor.frognew.com/rg/redis:1.0')), 'redis');
    assert.equal(found(catalog.resolve('redis')), 'redis');
    assert.equal(found(catalog.resolve('redis:7.0')), 'redis');
    const r = catalog.resolve('redis');
    assert.ok(isImageFound(r));
    assert.deepEqual(r.image.entrypoint, ['redis-server']);
    assert.equal(r.ref.normalized, 'docker.io/library/redis:latest');
  });

  it('matches every known image by the last path component, whatever the registry and tag', () => {
    const cases: Array<[string, string]> = [
      ['docker.io/library/redis:7', 'redis'],
      ['bitnami/redis', 'redis'],
      ['mysql:latest', 'mariadb'],
      ['mariadb:10.11', 'mariadb'],
      ['zookeeper:3.8', 'zookeeper'],
      ['172.16.18.100:5000/quay.io/coreos/etcd:v3.2.3', 'etcd'],
      ['quay.io/coreos/etcd@sha256:' + 'b'.repeat(64), 'etcd'],
      ['busybox:1.36', 'busybox'],
      ['kubernetes/pause', 'pause'],
    ];
    for (const [image, name] of cases) assert.equal(found(catalog.resolve(image)), name, image);
  });

  it('gives zookeeper QuorumPeerMain with the jars of /usr/share/java', () => {
    const r = catalog.resolve('zookeeper');
    assert.ok(isImageFound(r));
    assert.deepEqual(r.image.cmd, ['java', '-cp', '/conf:/usr/share/java/*', ZOOKEEPER_MAIN, '/conf/zoo.cfg']);
  });

  it('reports an unknown image as ErrImagePull naming the known ones', () => {
    for (const image of ['nginx', 'gcr.io/google_containers/kubernetes-zookeeper:1.0-3.4.10', 'redis-sentinel', 'rg/redisx']) {
      const r = catalog.resolve(image);
      assert.equal(r.kind, 'ErrImagePull', image);
      assert.ok(!isImageFound(r));
      assert.match(r.message, new RegExp(`^image "${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not in ordinal's image catalog \\(known: busybox, etcd, mariadb, mysql, pause, redis, zookeeper`));
    }
  });

  it('reports an unparsable reference as InvalidImageName', () => {
    const r = catalog.resolve('Redis:7');
    assert.equal(r.kind, 'InvalidImageName');
  });

  it('reports a known image whose program is missing as ErrImagePull with the package to install', () => {
    const bare = new HostImageCatalog({ deps: host('/usr/bin/sh') });
    const redis = bare.resolve('redis:7.0');
    assert.equal(redis.kind, 'ErrImagePull');
    assert.ok(!isImageFound(redis));
    assert.match(redis.message, /redis-server .*missing: install it with `apt-get install redis-server`/);
    const zk = bare.resolve('zookeeper');
    assert.ok(!isImageFound(zk));
    assert.match(zk.message, /apt-get install default-jre-headless zookeeper`/);
    assert.equal(found(bare.resolve('busybox')), 'busybox');
  });

  it('finds binaries in sbin and lists its known images', () => {
    assert.equal(catalog.findBinary('mariadbd'), '/usr/sbin/mariadbd');
    assert.equal(catalog.findBinary('nope'), undefined);
    assert.deepEqual(catalog.knownImages(), ['busybox', 'etcd', 'mariadb', 'mysql', 'pause', 'redis', 'zookeeper']);
  });

  it('checks the real host with the default deps (sh is everywhere)', () => {
    assert.equal(found(new HostImageCatalog().resolve('busybox')), 'busybox');
  });
});
