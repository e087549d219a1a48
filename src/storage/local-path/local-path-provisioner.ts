/**
 * local-path: a directory per volume under DATA_DIR/volumes/<pv-name>, like rancher's
 * local-path-provisioner. The capacity is the claim's request, recorded on the PV only: nothing
 * enforces it (no quota), so a pod can fill the host's disk.
 *
 * With a selected node (WaitForFirstConsumer) the PV is a `local` volume pinned to that node by
 * nodeAffinity on kubernetes.io/hostname, so the pod and its data stay together like a real local
 * disk. Without one (Immediate) it is a hostPath volume with no affinity: every virtual node runs on
 * this machine and can reach the directory, so it behaves like network storage.
 */
import type { Provisioner, ProvisionContext, ProvisionedVolume, StorageObject, VolumeRecycler } from '../provisioner.js';
import { StorageError } from '../storage-error.js';
import { makeVolumeDir, ownedVolumeDir, realVolumeFs, removeVolumeDir, scrubVolumeDir, volumeDirFor, type VolumeFs } from './volume-dir.js';

export const localPathProvisionerName = 'ordinal.dev/local-path';

export interface LocalPathOptions {
  /** Where volume directories live: DATA_DIR/volumes. */
  root: string;
  fs?: VolumeFs;
}

const hostnameLabel = 'kubernetes.io/hostname';

function pathOf(pv: StorageObject, root: string): unknown {
  const path = pv['spec']?.hostPath?.path ?? pv['spec']?.local?.path;
  if (path === undefined) throw new StorageError('E_VOLUME_PATH', `only hostPath and local volumes under ${root} are handled here; this volume is neither`);
  return path;
}

export class LocalPathProvisioner implements Provisioner, VolumeRecycler {
  readonly name = localPathProvisionerName;
  readonly root: string;
  private readonly fs: VolumeFs;

  constructor(options: LocalPathOptions) {
    this.root = options.root;
    this.fs = options.fs ?? realVolumeFs;
  }

  async provision(claim: StorageObject, storageClass: StorageObject, pvName: string, context: ProvisionContext = {}): Promise<ProvisionedVolume> {
    const spec = claim['spec'] ?? {};
    if (spec.selector !== undefined && spec.selector !== null) {
      throw new StorageError('E_SELECTOR_UNSUPPORTED', `claim.spec.selector is not supported for dynamic provisioning by ${this.name}: a selector only binds existing volumes`);
    }
    if (spec.dataSource || spec.dataSourceRef) {
      throw new StorageError('E_DATA_SOURCE_UNSUPPORTED', `${this.name} cannot populate a volume from a data source (clone or snapshot)`);
    }
    if ((spec.volumeMode ?? 'Filesystem') !== 'Filesystem') {
      throw new StorageError('E_VOLUME_MODE_UNSUPPORTED', `${this.name} only provisions volumeMode Filesystem, not ${spec.volumeMode}`);
    }
    const unknown = Object.keys(storageClass['parameters'] ?? {});
    if (unknown.length > 0) throw new StorageError('E_UNKNOWN_PARAMETER', `invalid StorageClass parameter ${JSON.stringify(unknown[0])} for ${this.name} (it takes none)`);
    const capacity = spec.resources?.requests?.storage;
    if (capacity === undefined) throw new StorageError('E_NO_CAPACITY', 'claim has no spec.resources.requests.storage');
    const path = volumeDirFor(this.root, pvName);
    await makeVolumeDir(this.fs, this.root, path);
    const node = context.selectedNode;
    if (!node) return { source: { hostPath: { path, type: 'DirectoryOrCreate' } }, capacity: String(capacity) };
    const hostname = node.labels[hostnameLabel] ?? node.name;
    return {
      source: { local: { path } },
      capacity: String(capacity),
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: hostnameLabel, operator: 'In', values: [hostname] }] }] } },
    };
  }

  async delete(pv: StorageObject): Promise<void> {
    await removeVolumeDir(this.fs, ownedVolumeDir(this.root, pathOf(pv, this.root)));
  }

  /** Only directories under the root are scrubbed: a static hostPath elsewhere is the admin's data. */
  async recycle(pv: StorageObject): Promise<void> {
    await scrubVolumeDir(this.fs, ownedVolumeDir(this.root, pathOf(pv, this.root)));
  }
}
