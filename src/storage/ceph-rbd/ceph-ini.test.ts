import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iniValue, keyringEntry, monHostOf, parseCephIni } from './ceph-ini.js';

describe('Ceph ini files', () => {
  it('reads options by any spelling, with comments and quotes', () => {
    const ini = parseCephIni('# made by hand\n[global]\n  fsid = 3b2b57c4-4a88-48b4-ad0f-d1d030f84cb4 ; the id\nmon_host = [v2:10.0.0.1:3300,v1:10.0.0.1:6789] \\\n  [v2:10.0.0.2:3300,v1:10.0.0.2:6789]\n[client]\nkeyring = "/etc/ceph/a b.keyring"\n');
    assert.equal(iniValue(ini, 'fsid'), '3b2b57c4-4a88-48b4-ad0f-d1d030f84cb4');
    assert.equal(iniValue(ini, 'mon host'), '[v2:10.0.0.1:3300,v1:10.0.0.1:6789]   [v2:10.0.0.2:3300,v1:10.0.0.2:6789]');
    assert.equal(iniValue(ini, 'mon-host'), iniValue(ini, 'Mon  Host'));
    assert.equal(iniValue(ini, 'keyring', 'client'), '/etc/ceph/a b.keyring');
  });

  it("finds the monitors in [global], else in the [mon.X] sections' mon addr", () => {
    assert.equal(monHostOf(parseCephIni('[global]\nmon host = 10.0.0.1\n')), '10.0.0.1');
    assert.equal(monHostOf(parseCephIni('[global]\nfsid = x\n[mon.a]\nmon addr = 10.0.0.1:6789\n[mon.b]\nmon addr = 10.0.0.2:6789\n')), '10.0.0.1:6789,10.0.0.2:6789');
    assert.equal(monHostOf(parseCephIni('[global]\nfsid = x\n')), undefined);
  });

  it('reads a keyring', () => {
    const ini = parseCephIni('[client.admin]\n\tkey = AQBx0TRnAAAAABAAkE+3JKBhcK8Lb0KZ7mQ7+A==\n\tcaps mon = "allow *"\n[client.kube]\n\tkey = AQ==\n');
    assert.deepEqual(keyringEntry(ini, 'client.admin'), { key: 'AQBx0TRnAAAAABAAkE+3JKBhcK8Lb0KZ7mQ7+A==', entities: ['client.admin', 'client.kube'] });
    assert.equal(keyringEntry(ini, 'client.nobody').key, undefined);
  });
});
