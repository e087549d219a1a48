/**
 * The parameters of a `kubernetes.io/rbd` StorageClass, read as Kubernetes' in-tree plugin read them:
 * names case-insensitive (seed 003 writes `imagefeatures`), an unknown name refused, defaults adminId
 * `admin`, adminSecretNamespace `default`, pool `rbd`, userId = adminId, imageFormat `2`, no image
 * features and no fsType (the node then formats ext4). Pure; every problem is a StorageError (a bad
 * class: only a changed class fixes it).
 */
import { StorageError } from '../storage-error.js';
import type { SecretRef } from './ceph-secrets.js';
import { checkAttachable, splitFeatures } from './image-features.js';

export const inTreeProvisionerName = 'kubernetes.io/rbd';

export interface InTreeRbdParameters {
  /** As written, one entry per comma-separated item (`10.0.0.1:6789`, or a bare address). */
  monitors: string[];
  adminId: string;
  adminSecret: SecretRef;
  pool: string;
  userId: string;
  /** The PV's secretRef; its namespace only when the class names one (the pod's namespace otherwise). */
  userSecretName?: string;
  userSecretNamespace?: string;
  /** A keyring path on the nodes, instead of userSecretName. */
  keyring?: string;
  fsType?: string;
  /** Empty: none (`--image-feature ""`, as the in-tree plugin created them). */
  imageFeatures: string[];
}

function refuse(code: string, message: string): never {
  throw new StorageError(code, message);
}

export function parseInTreeParameters(parameters: Record<string, string> | undefined): InTreeRbdParameters {
  const monitors: string[] = [];
  let adminId = '';
  let adminSecretName = '';
  let adminSecretNamespace = 'default';
  let pool = '';
  let userId = '';
  let userSecretName = '';
  let userSecretNamespace = '';
  let keyring = '';
  let imageFormat = '2';
  let imageFeatures: string[] = [];
  let fsType = '';
  for (const [k, raw] of Object.entries(parameters ?? {})) {
    const v = String(raw);
    switch (k.toLowerCase()) {
      case 'monitors': monitors.push(...v.split(',').map((m) => m.trim()).filter((m) => m !== '')); break;
      case 'adminid': adminId = v; break;
      case 'adminsecretname': adminSecretName = v; break;
      case 'adminsecretnamespace': adminSecretNamespace = v; break;
      case 'userid': userId = v; break;
      case 'pool': pool = v; break;
      case 'usersecretname': userSecretName = v; break;
      case 'usersecretnamespace': userSecretNamespace = v; break;
      case 'keyring': keyring = v; break;
      case 'imageformat': imageFormat = v; break;
      case 'imagefeatures': imageFeatures = splitFeatures(v); break;
      case 'fstype': fsType = v; break;
      default: refuse('E_RBD_UNKNOWN_PARAMETER', `invalid option ${JSON.stringify(k)} for volume plugin ${inTreeProvisionerName}`);
    }
  }
  if (imageFormat === '1') {
    refuse('E_RBD_IMAGE_FORMAT', `imageFormat "1" is not supported: Ceph no longer creates format 1 images (rbd: image format 1 is deprecated); use imageFormat "2"`);
  }
  if (imageFormat !== '2') refuse('E_RBD_IMAGE_FORMAT', `invalid ceph imageformat ${imageFormat}, expecting 1 or 2`);
  if (adminSecretName === '') refuse('E_RBD_NO_ADMIN_SECRET', 'missing Ceph admin secret name (parameter adminSecretName)');
  if (monitors.length === 0) refuse('E_RBD_NO_MONITORS', 'missing Ceph monitors (parameter monitors)');
  if (userSecretName === '' && keyring === '') refuse('E_RBD_NO_USER_SECRET', 'must specify either keyring or user secret name (parameter userSecretName)');
  if (keyring !== '' && !/^(?:\/[^/!;` ]+)+$/.test(keyring)) refuse('E_RBD_KEYRING_PATH', 'keyring field must contain a path to a file');
  checkAttachable(imageFeatures, inTreeProvisionerName);
  const admin = adminId || 'admin';
  return {
    monitors,
    adminId: admin,
    adminSecret: { namespace: adminSecretNamespace || 'default', name: adminSecretName },
    pool: pool || 'rbd',
    userId: userId || admin,
    ...(userSecretName ? { userSecretName } : { keyring }),
    ...(userSecretName && userSecretNamespace ? { userSecretNamespace } : {}),
    ...(fsType ? { fsType } : {}),
    imageFeatures,
  };
}
