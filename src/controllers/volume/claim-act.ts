/** Carries out a claim plan: the only place the claim binder writes. */
import { isStorageError, type SelectedNode } from '../../storage/index.js';
import type { KubeObject } from '../runtime/types.js';
import { bindSteps, claimBoundTo, claimWithBoundStatus, volumeBoundTo, volumeWithPhase } from './bind-steps.js';
import type { ClaimAction } from './claim-plan.js';
import { provisionedVolume } from './provisioned-volume.js';
import { isStatus, replaceObject, replaceStatus, volumesPath, type VolumeDeps } from './volume-api.js';

export interface ClaimWorld {
  claim: KubeObject;
  volumes: readonly KubeObject[];
  classes: readonly KubeObject[];
  node?: SelectedNode;
}

/** Bind in a fixed order (PV claimRef, PV phase, claim volumeName, claim status), skipping what is done. */
export async function bindVolumeAndClaim(deps: VolumeDeps, pv: KubeObject, claim: KubeObject): Promise<void> {
  let v = pv;
  let c = claim;
  if (bindSteps(v, c).includes('VolumeClaimRef')) v = await replaceObject(deps.client, volumeBoundTo(v, c));
  if (v['status']?.phase !== 'Bound') v = await replaceStatus(deps.client, volumeWithPhase(v, 'Bound', deps.now()));
  if (bindSteps(v, c).includes('ClaimVolumeName')) c = await replaceObject(deps.client, claimBoundTo(c, v));
  if (bindSteps(v, c).includes('ClaimStatus')) c = await replaceStatus(deps.client, claimWithBoundStatus(c, v));
  deps.log.info({ volume: v['metadata'].name, claim: `${c['metadata'].namespace}/${c['metadata'].name}` }, 'bound');
}

async function provision(deps: VolumeDeps, w: ClaimWorld, a: Extract<ClaimAction, { type: 'Provision' }>): Promise<void> {
  const provisioner = deps.provisioners.get(a.provisioner);
  const sc = w.classes.find((c) => c['metadata']?.name === a.storageClass);
  if (!provisioner || !sc) throw new Error(`provisioner ${a.provisioner} or class ${a.storageClass} went away`);
  const failed = (e: unknown): void => {
    deps.events.event(w.claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${a.storageClass}": ${(e as Error).message}`);
  };
  let made;
  try {
    made = await provisioner.provision(w.claim, sc, a.volume, { ...(a.node && w.node ? { selectedNode: w.node } : {}), objects: deps.objects });
  } catch (e) {
    failed(e);
    if (isStorageError(e)) return; // a refusal: retrying does not change it; a change to the claim or class will
    throw e;
  }
  try {
    await deps.client.request('POST', volumesPath, { body: provisionedVolume(w.claim, sc, provisioner.name, a.volume, made) });
  } catch (e) {
    // AlreadyExists: an earlier attempt created it (the name is the claim's uid). Any other failure is
    // retried with the same name and directory; the storage is not removed, so nothing can be lost.
    if (isStatus(e, 409)) return;
    failed(e);
    throw e;
  }
  deps.events.event(w.claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${a.volume} using ${provisioner.name}`);
  deps.log.info({ volume: a.volume, storageClass: a.storageClass, node: a.node }, 'provisioned');
}

export async function actOnClaim(deps: VolumeDeps, w: ClaimWorld, actions: readonly ClaimAction[]): Promise<void> {
  for (const a of actions) {
    switch (a.type) {
      case 'Bind': {
        const pv = w.volumes.find((v) => v['metadata']?.name === a.volume);
        if (pv) await bindVolumeAndClaim(deps, pv, w.claim);
        break;
      }
      case 'Provision':
        if (!deps.operations) await provision(deps, w, a);
        else {
          const key = `${w.claim['metadata'].namespace}/${w.claim['metadata'].name}`;
          const started = deps.operations.start(key, () => provision(deps, w, a), (_k, err) => deps.log.warn({ err, volume: a.volume }, 'provisioning failed; retrying with back-off'));
          deps.log.debug({ volume: a.volume, started }, 'provision');
        }
        break;
      case 'SetClaimPhase':
        await replaceStatus(deps.client, { ...w.claim, status: { ...w.claim['status'], phase: a.phase } });
        break;
      case 'Event':
        deps.events.event(w.claim, a.eventType, a.reason, a.message);
        break;
    }
  }
}
