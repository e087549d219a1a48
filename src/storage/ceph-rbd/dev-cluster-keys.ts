/**
 * The dev cluster's cephx keys, made here instead of by seven `ceph-authtool` runs: a key is
 * base64 of Ceph's CryptoKey encoding (u16 type 1 = AES, u32 seconds, u32 nanoseconds, u16 length,
 * 16 random bytes), the format `ceph-authtool --gen-key` writes. Every keyring file is 0600. The mon's
 * keyring holds all of them: `ceph-mon --mkfs` loads that into its auth database, so the admin, the
 * mgr and the OSD can authenticate at once, with no `ceph auth add` round trip.
 */
import { randomBytes } from 'node:crypto';
import { writeSecretFile } from '../../lib/secret-file.js';
import type { DevClusterPaths } from './dev-cluster-conf.js';

export interface KeyEntity {
  name: string;
  caps: Record<string, string>;
}

/** Who the dev cluster knows at mkfs time, with the caps Ceph's own deployment tools give them. */
export const devKeyEntities: readonly KeyEntity[] = [
  { name: 'mon.', caps: { mon: 'allow *' } },
  { name: 'client.admin', caps: { mon: 'allow *', osd: 'allow *', mgr: 'allow *', mds: 'allow *' } },
  { name: 'mgr.x', caps: { mon: 'allow profile mgr', osd: 'allow *', mds: 'allow *' } },
  { name: 'osd.0', caps: { mon: 'allow profile osd', mgr: 'allow profile osd', osd: 'allow *' } },
];

/** A new cephx secret (base64), as `ceph-authtool --gen-key` makes one. */
export function newCephKey(now = Date.now()): string {
  const buf = Buffer.alloc(28);
  buf.writeUInt16LE(1, 0);
  buf.writeUInt32LE(Math.floor(now / 1000), 2);
  buf.writeUInt32LE((now % 1000) * 1_000_000, 6);
  buf.writeUInt16LE(16, 10);
  randomBytes(16).copy(buf, 12);
  return buf.toString('base64');
}

export function keyringSection(e: KeyEntity, key: string): string {
  const caps = Object.entries(e.caps).map(([service, cap]) => `\tcaps ${service} = "${cap}"\n`);
  return `[${e.name}]\n\tkey = ${key}\n${caps.join('')}`;
}

/**
 * Writes keys/ceph.<name>.keyring for each entity, and the mon's keyring (ceph.mon.a.keyring, the
 * name `keyring = .../ceph.$name.keyring` gives mon.a) with every entity in it.
 */
export function writeDevKeyrings(paths: DevClusterPaths): void {
  const sections = devKeyEntities.map((e) => ({ e, text: keyringSection(e, newCephKey()) }));
  for (const { e, text } of sections) if (e.name !== 'mon.') writeSecretFile(paths.keyring(e.name), text);
  writeSecretFile(paths.keyring('mon.a'), sections.map((s) => s.text).join(''));
}
