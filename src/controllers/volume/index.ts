/**
 * The volume controllers: the claim binder, the volume reclaimer (which together are
 * kube-controller-manager's PV controller, with in-process provisioners) and the default class.
 */
import { join } from 'node:path';
import { CephCli, CsiRbdProvisioner, LocalPathProvisioner, RbdProvisioner, type Provisioner, type VolumeRecycler } from '../../storage/index.js';
import type { Reconciler } from '../runtime/types.js';
import { ClaimBinder } from './claim-binder.js';
import { DefaultStorageClassReconciler } from './default-storage-class.js';
import { VolumeReclaimer } from './volume-reclaimer.js';

export interface VolumeControllerOptions {
  /** The server's data dir: volumes live under DATA_DIR/volumes/<pv-name>. */
  dataDir: string;
  /** Provisioners besides local-path and the two Ceph RBD ones (or replacing them, by name). */
  provisioners?: Provisioner[];
  /** Creates the default `local-path` class on first start (default true). */
  defaultStorageClass?: boolean;
}

export function volumesRoot(dataDir: string): string {
  return join(dataDir, 'volumes');
}

export function createVolumeControllers(options: VolumeControllerOptions): Reconciler[] {
  const localPath = new LocalPathProvisioner({ root: volumesRoot(options.dataDir) });
  const ceph = new CephCli();
  const provisioners = new Map<string, Provisioner>();
  for (const p of [localPath, new RbdProvisioner({ runner: ceph }), new CsiRbdProvisioner({ runner: ceph })]) provisioners.set(p.name, p);
  for (const p of options.provisioners ?? []) provisioners.set(p.name, p);
  const recycler: VolumeRecycler = localPath;
  const controllers: Reconciler[] = [new ClaimBinder({ provisioners }), new VolumeReclaimer({ provisioners, recycler })];
  if (options.defaultStorageClass ?? true) controllers.unshift(new DefaultStorageClassReconciler(join(volumesRoot(options.dataDir), '.default-storage-class')));
  return controllers;
}

export { ensureDefaultStorageClass, localPathStorageClass, defaultStorageClassName, type DefaultClassOutcome } from './default-storage-class.js';
export { ClaimBinder } from './claim-binder.js';
export { VolumeReclaimer } from './volume-reclaimer.js';
export { planClaim, type ClaimAction, type ClaimObservation, type ClaimPlan } from './claim-plan.js';
export { planVolume, type VolumeAction, type VolumeObservation, type VolumePlan } from './volume-plan.js';
export { findBestVolume, type NodeInfo } from './volume-match.js';
