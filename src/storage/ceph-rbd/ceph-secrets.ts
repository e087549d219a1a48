/**
 * The provisioners' credentials from Kubernetes Secrets fetched through the API. The in-tree plugin
 * takes a Secret of `type: kubernetes.io/rbd`; ceph-csi a Secret of any type. The keys are read by
 * secret-keys.ts, the reader the node uses too. A missing or malformed Secret is retried: the admin
 * may create it after the class. Messages name the Secret, never the key.
 */
import type { StorageObject, StorageObjectReader } from '../provisioner.js';
import { StorageError } from '../storage-error.js';
import type { CephCredentials } from './types.js';
import { RbdVolumeError } from './rbd-volume-error.js';
import { cephCsiSecretCredentials, inTreeSecretKey } from './secret-keys.js';

export const inTreeSecretType = 'kubernetes.io/rbd';

export interface SecretRef {
  namespace: string;
  name: string;
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
  return { user, key: inTreeSecretKey(secret, `${ref.namespace}/${ref.name}`) };
}

/** ceph-csi's credentials: `userID` (without `client.`) and `userKey`. */
export async function csiCredentials(objects: StorageObjectReader | undefined, ref: SecretRef): Promise<CephCredentials> {
  return cephCsiSecretCredentials(await getSecret(objects, ref), `${ref.namespace}/${ref.name}`);
}
