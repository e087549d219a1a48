/**
 * Reads cephx keys out of Secrets in the two shapes Kubernetes uses: the in-tree `kubernetes.io/rbd`
 * Secret (`data.key`; the in-tree plugin took the value of whatever single key there was) and
 * ceph-csi's (`userID`, `userKey`). Errors name the Secret and the key, never the value.
 */
import type { KubeObject } from '../../../controllers/runtime/types.js';
import { secretBytes } from '../../env/index.js';

export class SecretCredentialError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function keyText(raw: Buffer, where: string): string {
  // `echo KEY | base64` leaves a newline in the decoded value
  const key = raw.toString('utf8').trim();
  if (key === '') throw new SecretCredentialError('E_RBD_SECRET_KEY', `${where} is empty`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) throw new SecretCredentialError('E_RBD_SECRET_KEY', `${where} is not a cephx key (expected the base64 text that \`ceph auth get-key\` prints)`);
  // a real key decodes to binary (type, creation time, length, secret); one that decodes to more
  // base64 text was encoded twice (a common slip when writing `data:` by hand)
  const inner = Buffer.from(key, 'base64').toString('latin1');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(inner)) throw new SecretCredentialError('E_RBD_SECRET_KEY', `${where} is not a cephx key: it is base64-encoded twice (data values are base64 of the key text itself)`);
  return key;
}

/** The key of an in-tree rbd Secret: `key`, or the only entry there is (as the in-tree plugin read it). */
export function inTreeSecretKey(secret: KubeObject, ref: string): string {
  const data = secretBytes(secret);
  const raw = data.get('key') ?? (data.size === 1 ? [...data.values()][0] : undefined);
  if (!raw) {
    const keys = [...data.keys()];
    throw new SecretCredentialError('E_RBD_SECRET_KEY', `secret ${ref} has no key "key"${keys.length > 1 ? ` (it has ${keys.map((k) => `"${k}"`).join(', ')})` : ''}: a kubernetes.io/rbd Secret holds the cephx key in data.key`);
  }
  return keyText(raw, `key "${data.has('key') ? 'key' : [...data.keys()][0]}" of secret ${ref}`);
}

/** ceph-csi's node-stage Secret: userID (without `client.`) and userKey. */
export function cephCsiSecretCredentials(secret: KubeObject, ref: string): { user: string; key: string } {
  const data = secretBytes(secret);
  const id = data.get('userID')?.toString('utf8').trim();
  if (!id) throw new SecretCredentialError('E_RBD_SECRET_KEY', `secret ${ref} has no "userID": ceph-csi's node-stage Secret names the cephx user in userID and its key in userKey`);
  const raw = data.get('userKey');
  if (!raw) throw new SecretCredentialError('E_RBD_SECRET_KEY', `secret ${ref} has no "userKey": ceph-csi's node-stage Secret holds the cephx key in userKey`);
  return { user: id.replace(/^client\./, ''), key: keyText(raw, `key "userKey" of secret ${ref}`) };
}
