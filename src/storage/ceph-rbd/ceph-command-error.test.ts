import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sweepStaleCallDirs } from './ceph-cli.js';
import { CephCommandError, cephMessageOf, errnoOf } from './ceph-command-error.js';

describe('CephCommandError', () => {
  it('takes the errno from the message, else from an exit code above 1', () => {
    assert.equal(new CephCommandError('rbd create', 'rbd: create error: (17) File exists', 17).code, 'E_CEPH_EXISTS');
    assert.equal(new CephCommandError('rbd info', 'rbd: error opening image x: (2) No such file or directory', 2).errno, 2);
    const generic = new CephCommandError('rbd create', "the argument for option '--image-feature' is invalid", 1);
    assert.equal(generic.code, 'E_CEPH_COMMAND', 'exit 1 is not EPERM');
    assert.equal(generic.errno, undefined);
    assert.equal(errnoOf('[errno 110] RADOS timed out (error connecting to the cluster)'), 110);
  });

  it("strips Ceph's log prefixes and the config-file noise", () => {
    const stderr = [
      '2026-12-08T01:25:14.064+0000 7fae50834cc0 -1 did not load config file, using default settings.',
      '2026-12-08T01:25:14.068+0000 7fae50834cc0  0 monclient: hunting for new mon',
      "rbd: error opening pool 'nope': (2) No such file or directory",
    ].join('\n');
    assert.equal(cephMessageOf(stderr), "monclient: hunting for new mon; rbd: error opening pool 'nope': (2) No such file or directory");
  });

  it('says when the monitors refused the key (it otherwise looks like a timeout)', () => {
    const stderr = '2026-12-08T02:00:00.000+0000 7f00 -1 monclient(hunting): handle_auth_bad_method server allowed_methods [2] but i only support [2]\nrbd: couldn\'t connect to the cluster!';
    assert.match(cephMessageOf(stderr), /^authentication failed: the monitors refused this user's key/);
  });

  it('sweeps the call dirs of dead processes only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ordinal-sweep-'));
    try {
      mkdirSync(join(root, `ordinal-ceph-${process.pid}-abc`));
      mkdirSync(join(root, 'ordinal-ceph-999999999-abc'));
      mkdirSync(join(root, 'unrelated'));
      assert.equal(await sweepStaleCallDirs(root), 1);
      assert.deepEqual(readdirSync(root).sort(), [`ordinal-ceph-${process.pid}-abc`, 'unrelated']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
