import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachmentId } from './attachment-state.js';
import { mkfsArgs, mountOptions, parseProbe } from './filesystem.js';
import { mountsUnder, parseLoopsOnDevice, parseMountDevice, parseMountPoints } from './host-mounts.js';
import { inUseMessage } from './rbd-fuse-attacher.js';
import { rbdFuseArgs } from './rbd-fuse-process.js';

describe('rbd host helpers', () => {
  it('blkid -p: exit 2 is an empty device; TYPE a filesystem; PTTYPE a partition table', () => {
    assert.deepEqual(parseProbe(2, ''), { kind: 'empty' });
    assert.deepEqual(parseProbe(0, 'DEVNAME=/dev/loop0\nTYPE=ext4\n'), { kind: 'filesystem', type: 'ext4' });
    assert.deepEqual(parseProbe(0, 'PTTYPE=gpt\n'), { kind: 'other', what: 'a gpt partition table' });
    assert.equal(parseProbe(8, ''), undefined);
  });

  it('mkfs without discard and with lazy init; xfs with -K', () => {
    assert.deepEqual(mkfsArgs('ext4', '/dev/loop3'), ['mkfs.ext4', ['-q', '-F', '-m0', '-E', 'nodiscard,lazy_itable_init=1,lazy_journal_init=1', '/dev/loop3']]);
    assert.deepEqual(mkfsArgs('xfs', '/dev/loop3'), ['mkfs.xfs', ['-q', '-f', '-K', '/dev/loop3']]);
    assert.deepEqual(mountOptions('ext4', false), ['-o', 'noinit_itable']);
    assert.deepEqual(mountOptions('ext4', true), ['-o', 'ro,noinit_itable']);
    assert.deepEqual(mountOptions('xfs', true), ['-o', 'ro']);
    assert.deepEqual(mountOptions('xfs', false), []);
  });

  it('mountinfo: mount points with escapes; the ones under a directory deepest first', () => {
    const info = [
      '22 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '70 22 0:40 / /tmp/d/rbd/a/fuse rw - fuse.rbd-fuse rbd-fuse rw',
      '71 22 7:0 / /tmp/d/rbd/a/mnt rw - ext4 /dev/loop0 rw',
      '72 22 7:1 / /tmp/with\\040space rw - ext4 /dev/loop1 rw',
      '73 22 254:0 /tmp/d/rbd /tmp/d/rbd rw shared:5 - ext4 /dev/vda rw',
    ].join('\n');
    const points = parseMountPoints(info);
    assert.ok(points.includes('/tmp/with space'));
    assert.deepEqual(mountsUnder('/tmp/d/rbd', points), ['/tmp/d/rbd/a/fuse', '/tmp/d/rbd/a/mnt', '/tmp/d/rbd']);
    assert.deepEqual(mountsUnder('/tmp/d/rbd/a/mn', points), []);
    assert.equal(parseMountDevice(info, '/tmp/d/rbd/a/fuse'), '0:40');
    assert.equal(parseMountDevice(info, '/tmp/d/rbd/a'), undefined);
  });

  it('losetup --json: the loop devices over /<image> on a detached fuse mount, found by its device', () => {
    const json = JSON.stringify({ loopdevices: [
      { name: '/dev/loop0', 'back-maj:min': '       0:40 ', 'back-file': '/img' },
      { name: '/dev/loop1', 'back-maj:min': '0:41', 'back-file': '/img' },
      { name: '/dev/loop2', 'back-maj:min': '0:40', 'back-file': '/other' },
      { name: '/dev/loop3', 'back-maj:min': '0:40', 'back-file': '/tmp/d/rbd/a/fuse/img' },
    ] });
    assert.deepEqual(parseLoopsOnDevice(json, '0:40', 'img'), ['/dev/loop0', '/dev/loop3']);
    assert.deepEqual(parseLoopsOnDevice('not json', '0:40', 'img'), []);
  });

  it('one attachment id per cluster, pool and image; monitors in any order', () => {
    const a = attachmentId(['m1', 'm2'], 'kube', 'img');
    assert.match(a, /^kube\.img\.[0-9a-f]{10}$/);
    assert.equal(attachmentId(['m2', 'm1'], 'kube', 'img'), a);
    assert.notEqual(attachmentId(['m3'], 'kube', 'img'), a);
    assert.match(attachmentId(['m'], 'p', 'a b/c'), /^p\.a_b_c\./);
  });

  it('rbd-fuse gets the user and keyring as Ceph options, never the key', () => {
    const args = rbdFuseArgs({ conf: '/d/ceph.conf', user: 'kube', keyring: '/d/keyring', pool: 'kube', image: 'img', fuseDir: '/d/fuse' });
    assert.deepEqual(args, ['-f', '-c', '/d/ceph.conf', '--id', 'kube', '--keyring', '/d/keyring', '-p', 'kube', '-r', 'img', '/d/fuse']);
  });

  it('the in-use message names the holder', () => {
    assert.equal(inUseMessage('kube', 'foo', { address: '127.0.0.1:0/123456', client: 4321 }), 'rbd image kube/foo is still being used by 127.0.0.1:0/123456 (client.4321): another node or pod has it mapped');
    assert.match(inUseMessage('kube', 'foo', { address: 'a', client: 'client.7' }), /\(client\.7\)/);
  });
});
