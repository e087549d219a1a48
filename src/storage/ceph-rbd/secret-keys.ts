/**
 * cephx keys out of a Kubernetes Secret, in the two shapes the anchors use - one reader for the
 * provisioners (admin Secrets) and the node (user Secrets), so that both accept and refuse the
 * same Secrets. The in-tree `kubernetes.io/rbd` Secret holds the key in `data.key` (the in-tree
 * plugin took the value of whatever single entry there was); ceph-csi's holds `userID` (without
 * `client.`) and `userKey`. A trailing newline (`echo KEY | base64`) is dropped. Pure; errors name
 * the Secret and the entry, never the value.
 */
import type { StorageObject } from '../provisioner.js';
import { RbdVolumeError } from './rbd-volume-error.js';

/** A Secret without a usable key: retried where it is read (the admin may fix the Secret). */
export class SecretKeyError extends RbdVolumeError {}

const base64Text = /^[A-Za-z0-9+/]+={0,2}$/;

function entries(secret: StorageObject): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries((secret['data'] ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out.set(k, Buffer.from(v, 'base64'));
  for (const [k, v] of Object.entries((secret['stringData'] ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out.set(k, Buffer.from(v, 'utf8'));
  return out;
}

function keyText(raw: Buffer, where: string): string {
  const key = raw.toString('utf8').trim();
  if (key === '') throw new SecretKeyError('E_RBD_SECRET_NO_KEY', `${where} is empty`);
  if (!base64Text.test(key)) throw new SecretKeyError('E_RBD_SECRET_BAD_KEY', `${where} is not a cephx key (expected the base64 text that \`ceph auth get-key\` prints)`);
  // a real key decodes to binary (type, creation time, length, secret); one that decodes to more
  // base64 text was encoded twice (a common slip when writing `data:` by hand)
  if (base64Text.test(Buffer.from(key, 'base64').toString('latin1'))) {
    throw new SecretKeyError('E_RBD_SECRET_BAD_KEY', `${where} is not a cephx key: it is base64-encoded twice (data values are base64 of the key text itself)`);
  }
  return key;
}

/** The key of an in-tree rbd Secret: `key`, or the only entry there is. `ref` is `namespace/name`. */
export function inTreeSecretKey(secret: StorageObject, ref: string): string {
  const data = entries(secret);
  const only = data.size === 1 ? [...data.keys()][0]! : undefined;
  const entry = data.has('key') ? 'key' : only;
  if (entry === undefined) {
    const keys = [...data.keys()];
    throw new SecretKeyError('E_RBD_SECRET_NO_KEY', `secret ${ref} has no key "key"${keys.length > 1 ? ` (it has ${keys.map((k) => `"${k}"`).join(', ')})` : ''}: a kubernetes.io/rbd Secret holds the cephx key in data.key`);
  }
  return keyText(data.get(entry)!, `key "${entry}" of secret ${ref}`);
}

/** ceph-csi's Secret: userID (without `client.`) and userKey. `ref` is `namespace/name`. */
export function cephCsiSecretCredentials(secret: StorageObject, ref: string): { user: string; key: string } {
  const data = entries(secret);
  const id = data.get('userID')?.toString('utf8').trim();
  if (!id) throw new SecretKeyError('E_RBD_SECRET_NO_USER', `secret ${ref} has no "userID": ceph-csi's Secret names the cephx user in userID and its key in userKey`);
  const raw = data.get('userKey');
  if (!raw) throw new SecretKeyError('E_RBD_SECRET_NO_KEY', `secret ${ref} has no "userKey": ceph-csi's Secret holds the cephx key in userKey`);
  return { user: id.replace(/^client\./, ''), key: keyText(raw, `key "userKey" of secret ${ref}`) };
}
