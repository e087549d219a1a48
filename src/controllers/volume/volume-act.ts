/** Carries out a volume plan: the only place the reclaimer writes or touches storage. */
import { isStorageError, StorageError } from '../../storage/index.js';
import type { KubeObject } from '../runtime/types.js';
import { annProvisionedBy, pvControllerFinalizer } from './annotations.js';
import { volumeUnbound, volumeWithPhase } from './bind-steps.js';
import type { VolumeAction } from './volume-plan.js';
import { isStatus, replaceObject, replaceStatus, volumePath, type VolumeDeps } from './volume-api.js';

/** Thrown to retry with back-off after the failure was recorded on the PV. */
class RetryLater extends Error {}

async function setPhase(deps: VolumeDeps, pv: KubeObject, phase: string, message?: string): Promise<KubeObject> {
  if (pv['status']?.phase === phase && pv['status']?.message === message) return pv;
  return replaceStatus(deps.client, volumeWithPhase(pv, phase, deps.now(), message));
}

/**
 * Record a failed delete or recycle: phase Failed with the message and a Warning event. A StorageError
 * is a refusal (the path is not ours, nothing can recycle it) and is not retried; anything else is.
 */
async function fail(deps: VolumeDeps, pv: KubeObject, reason: string, what: string, e: unknown): Promise<KubeObject> {
  const message = `${what}: ${(e as Error).message}`;
  const updated = await setPhase(deps, pv, 'Failed', message);
  deps.events.event(pv, 'Warning', reason, message);
  if (isStorageError(e)) return updated;
  throw new RetryLater(message, { cause: e });
}

function provisionerOf(deps: VolumeDeps, pv: KubeObject) {
  return deps.provisioners.get(pv['metadata']?.annotations?.[annProvisionedBy] ?? '');
}

/** Backing storage first, then the PV object (its uid as a precondition, so a new PV of the same name is safe). */
async function deleteVolume(deps: VolumeDeps, pv: KubeObject): Promise<KubeObject> {
  const provisioner = provisionerOf(deps, pv);
  if (!provisioner) return pv;
  try {
    await provisioner.delete(pv, { objects: deps.objects });
  } catch (e) {
    return fail(deps, pv, 'VolumeFailedDelete', 'error deleting volume', e);
  }
  try {
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: pv['metadata'].uid } };
    await deps.client.request('DELETE', volumePath(pv['metadata'].name), { body });
  } catch (e) {
    if (!isStatus(e, 404) && !isStatus(e, 409)) throw e;
  }
  deps.log.info({ volume: pv['metadata'].name }, 'deleted volume and its storage');
  return pv;
}

async function recycleVolume(deps: VolumeDeps, pv: KubeObject): Promise<KubeObject> {
  try {
    if (!deps.recycler) throw new StorageError('E_NO_RECYCLER', 'no volume plugin can recycle this volume');
    await deps.recycler.recycle(pv);
  } catch (e) {
    return fail(deps, pv, 'VolumeFailedRecycle', 'recycle failed', e);
  }
  const unbound = await replaceObject(deps.client, volumeUnbound(pv));
  const available = await setPhase(deps, unbound, 'Available');
  deps.events.event(pv, 'Normal', 'VolumeRecycled', 'Volume recycled');
  return available;
}

/** A deleted PV carrying the pv-controller finalizer: remove its storage (Delete policy), then the finalizer. */
async function finalizeVolume(deps: VolumeDeps, pv: KubeObject, deleteStorage: boolean): Promise<KubeObject> {
  if (deleteStorage) {
    const provisioner = provisionerOf(deps, pv);
    try {
      await provisioner?.delete(pv, { objects: deps.objects });
    } catch (e) {
      return fail(deps, pv, 'VolumeFailedDelete', 'error deleting volume', e);
    }
  }
  const out = structuredClone(pv);
  out.metadata.finalizers = (out.metadata.finalizers ?? []).filter((f: string) => f !== pvControllerFinalizer);
  try {
    return await replaceObject(deps.client, out);
  } catch (e) {
    if (isStatus(e, 404)) return pv;
    throw e;
  }
}

/**
 * Removing storage runs as an operation beside the reconcile when the deps have VolumeOperations (one
 * per PV; a failure - recorded on the PV by fail() - backs off, then the PV is reconciled again).
 */
async function besideReconcile(deps: VolumeDeps, pv: KubeObject, step: (deps: VolumeDeps, pv: KubeObject) => Promise<KubeObject>): Promise<KubeObject> {
  if (!deps.operations) return step(deps, pv);
  const started = deps.operations.start(pv['metadata'].name, async () => {
    try {
      await step(deps, pv);
    } catch (e) {
      if (!isStatus(e, 404)) throw e;
    }
  }, (_k, err) => deps.log.warn({ err, volume: pv['metadata'].name }, 'removing the storage failed; retrying with back-off'));
  deps.log.debug({ volume: pv['metadata'].name, started }, 'remove storage');
  return pv;
}

/** Runs the actions in order. The PV gone meanwhile (404: e.g. pv-protection let go of it once Released) ends the plan. */
export async function actOnVolume(deps: VolumeDeps, pv: KubeObject, actions: readonly VolumeAction[]): Promise<void> {
  try {
    await runActions(deps, pv, actions);
  } catch (e) {
    if (!isStatus(e, 404)) throw e;
    deps.log.debug({ volume: pv['metadata'].name }, 'volume is gone');
  }
}

async function runActions(deps: VolumeDeps, pv: KubeObject, actions: readonly VolumeAction[]): Promise<void> {
  let cur = pv;
  for (const a of actions) {
    switch (a.type) {
      case 'SetVolumePhase':
        cur = await setPhase(deps, cur, a.phase, a.message);
        break;
      case 'Unbind':
        cur = await replaceObject(deps.client, volumeUnbound(cur));
        break;
      case 'DeleteVolume':
        cur = await besideReconcile(deps, cur, deleteVolume);
        break;
      case 'RecycleVolume':
        cur = await recycleVolume(deps, cur);
        break;
      case 'FinalizeVolume':
        cur = a.deleteStorage ? await besideReconcile(deps, cur, (d, v) => finalizeVolume(d, v, true)) : await finalizeVolume(deps, cur, false);
        break;
      case 'Event':
        deps.events.event(cur, a.eventType, a.reason, a.message);
        break;
    }
  }
}
