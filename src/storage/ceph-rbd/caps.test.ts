import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergedCaps, missingCaps, monCanBlocklist, osdCanUseRbdPool, parseGrants } from './caps.js';

describe('cephx caps for RBD', () => {
  it('the caps ceph-csi and Rook use are complete', () => {
    assert.deepEqual(missingCaps({ mon: 'profile rbd', osd: 'profile rbd pool=kube', mgr: 'profile rbd pool=kube' }, 'kube'), []);
    assert.deepEqual(missingCaps({ mon: 'allow *', osd: 'allow *', mgr: 'allow *' }, 'kube'), []);
  });

  it("the seeds' mon 'allow r' cannot blocklist, and says what that breaks", () => {
    const missing = missingCaps({ mon: 'allow r', osd: 'allow rwx pool=kube' }, 'kube');
    assert.deepEqual(missing.map((m) => `${m.service}: ${m.want}`), ['mon: profile rbd', 'mgr: profile rbd pool=kube']);
    assert.match(missing[0]!.breaks, /blocklist/);
    assert.match(missing[0]!.breaks, /Permission denied/);
    assert.equal(missing[0]!.have, 'allow r');
  });

  it('pool scoping: a grant for another pool does not count, an unscoped one does', () => {
    assert.ok(!osdCanUseRbdPool('profile rbd pool=other', 'kube'));
    assert.ok(osdCanUseRbdPool('profile rbd', 'kube'));
    assert.ok(osdCanUseRbdPool('allow r, allow rwx pool=kube', 'kube'));
    assert.ok(!osdCanUseRbdPool('allow rw pool=kube', 'kube'), 'rbd needs class methods (x)');
    assert.ok(!osdCanUseRbdPool('profile rbd pool=kube namespace=ns1', 'kube'), 'a namespace-scoped grant does not cover the pool');
  });

  it('blocklisting: profile rbd, write access or the explicit command', () => {
    assert.ok(monCanBlocklist('profile rbd'));
    assert.ok(monCanBlocklist('allow rw'));
    assert.ok(monCanBlocklist('allow r, allow command "osd blocklist"'));
    assert.ok(!monCanBlocklist('allow r'));
    assert.ok(!monCanBlocklist(undefined));
  });

  it('merges the missing caps into what the user has', () => {
    assert.deepEqual(mergedCaps({ mon: 'allow r', osd: 'allow rwx pool=kube' }, 'kube'), { mon: 'allow r, profile rbd', osd: 'allow rwx pool=kube', mgr: 'profile rbd pool=kube' });
  });

  it('parses grants', () => {
    assert.deepEqual(parseGrants('profile rbd pool=a, allow rwx pool=b'), [{ kind: 'profile', what: 'rbd', pool: 'a' }, { kind: 'allow', what: 'rwx', pool: 'b' }]);
    assert.deepEqual(parseGrants(''), []);
  });
});
