/**
 * Keys from Kubernetes Secrets, read the way each anchor reads them. The in-tree plugin takes a Secret
 * of `type: kubernetes.io/rbd` and its `key` entry (any other single entry when there is no `key`);
 * ceph-csi takes `userID` and `userKey` from a Secret of any type. A trailing newline (`echo KEY |
 * base64`) is dropped. A missing or malformed Secret is retried: the admin may create it after the
 * class. Messages name the Secret, never the key.
 */
import type { StorageObject, StorageObjectReader } from '../provisioner.js';
import { StorageError } from '../storage-error.js';
import type { CephCredentials } from './types.js';
import { RbdVolumeError } from './rbd-volume-error.js';

export const inTreeSecretType = 'kubernetes.io/rbd';

export interface SecretRef {
  namespace: string;
  name: string;
}

function decoded(secret: StorageObject, entry: string): string | undefined {
  const raw: unknown = secret['data']?.[entry];
  if (typeof raw !== 'string') return undefined;
  return Buffer.from(raw, 'base64').toString('utf8').replace(/\s+$/, '');
}

/** A cephx key is base64; anything else (a key with a newline inside, a keyring pasted whole) would break the keyring file. */
function checkedKey(key: string | undefined, ref: SecretRef, entry: string): string {
  if (key === undefined || key === '') throw new RbdVolumeError('E_RBD_SECRET_NO_KEY', `Secret ${ref.namespace}/${ref.name} has no "${entry}" entry`);
  if (!/^[A-Za-z0-9+/=]+$/.test(key)) throw new RbdVolumeError('E_RBD_SECRET_BAD_KEY', `the "${entry}" entry of Secret ${ref.namespace}/${ref.name} is not a cephx key (the base64 text that 'ceph auth get-key' prints)`);
  return key;
}

async function getSecret(objects: StorageObjectReader | undefined, ref: SecretRef): Promise<StorageObject> {
  if (!objects) throw new StorageError('E_RBD_NO_OBJECT_READER', 'this provisioner needs to read Secrets, and the controller gave it no reader');
  const secret = await objects.secret(ref.namespace, ref.name);
  if (!secret) throw new RbdVolumeError('E_RBD_SECRET_NOT_FOUND', `failed to get secret from ["${ref.namespace}"/"${ref.name}"]: secrets "${ref.name}" not found`);
  return secret;
}

/** The in-tree plugin's admin (or user) key, for cephx user `user`. */
export async function inTreeCredentials(objects: StorageObjectReader | undefined, ref: SecretRef, user: string): Promise<CephCredentials> {
  const secret = await getSecret(objects, ref);
  if (secret['type'] !== inTreeSecretType) {
    throw new RbdVolumeError('E_RBD_SECRET_TYPE', `failed to get secret from ["${ref.namespace}"/"${ref.name}"]: cannot get secret of type ${inTreeSecretType} (it is of type ${String(secret['type'] ?? 'Opaque')})`);
  }
  const entries = Object.keys(secret['data'] ?? {});
  const entry = entries.includes('key') ? 'key' : entries[entries.length - 1] ?? 'key';
  return { user, key: checkedKey(decoded(secret, entry), ref, entry) };
}

/** ceph-csi's credentials: `userID` (without `client.`) and `userKey`. */
export async function csiCredentials(objects: StorageObjectReader | undefined, ref: SecretRef): Promise<CephCredentials> {
  const secret = await getSecret(objects, ref);
  const user = decoded(secret, 'userID')?.replace(/^client\./, '');
  if (!user) throw new RbdVolumeError('E_RBD_SECRET_NO_USER', `missing ID field 'userID' in Secret ${ref.namespace}/${ref.name}`);
  return { user, key: checkedKey(decoded(secret, 'userKey'), ref, 'userKey') };
}
