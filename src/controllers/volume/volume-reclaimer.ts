/**
 * The volume half of the PV controller: one reconcile per PersistentVolume name. Keeps the phase
 * right, reclaims released volumes by policy and finalizes deleted provisioned volumes.
 */
import type { Provisioner, VolumeRecycler } from '../../storage/index.js';
import { type ControllerContext, type Informer, type KubeObject, type Reconciler, type ReconcileResult } from '../runtime/types.js';
import { annProvisionedBy } from './annotations.js';
import { actOnVolume } from './volume-act.js';
import { claimPath, claimsPath, getIfExists, podsPath, volumesPath, type VolumeDeps } from './volume-api.js';
import { apiObjectReader } from './volume-objects.js';
import { VolumeOperations } from './volume-operations.js';
import { planVolume, type Deleter, type VolumeObservation } from './volume-plan.js';

interface State {
  ctx: ControllerContext;
  deps: VolumeDeps;
  claims: Informer;
  volumes: Informer;
  pods: Informer;
}

function mountsClaim(pod: KubeObject, claimName: string): boolean {
  return (pod['spec']?.volumes ?? []).some((v: KubeObject) => v['persistentVolumeClaim']?.claimName === claimName);
}

function isTerminated(pod: KubeObject): boolean {
  const phase = pod['status']?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export class VolumeReclaimer implements Reconciler {
  readonly name = 'persistentvolume-reclaimer';
  private state: State | undefined;

  constructor(private readonly options: { provisioners: ReadonlyMap<string, Provisioner>; recycler: VolumeRecycler | undefined }) {}

  setup(ctx: ControllerContext, enqueue: (key: string) => void): void {
    const f = ctx.informers;
    const s: State = {
      ctx,
      deps: { client: ctx.client, events: ctx.events, log: ctx.log, now: () => ctx.now(), ...this.options, objects: apiObjectReader(ctx.client), operations: new VolumeOperations(enqueue, { graceMs: 0 }) },
      claims: f.informer(claimsPath),
      volumes: f.informer(volumesPath),
      pods: f.informer(podsPath),
    };
    this.state = s;
    const onClaim = (c: KubeObject): void => {
      if (c['spec']?.volumeName) enqueue(c['spec'].volumeName);
      for (const pv of s.volumes.list()) {
        const ref = pv['spec']?.claimRef;
        if (ref?.name === c['metadata']?.name && ref?.namespace === c['metadata']?.namespace) enqueue(pv['metadata'].name);
      }
    };
    s.volumes.on({ add: (pv) => enqueue(pv['metadata'].name), update: (_o, pv) => enqueue(pv['metadata'].name) });
    s.claims.on({ add: onClaim, update: (_o, c) => onClaim(c), delete: onClaim });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const s = this.state;
    if (!s) throw new Error(`${this.name}: reconcile before setup`);
    await Promise.all([s.claims, s.volumes, s.pods].map((i) => i.waitForSync()));
    const pv = s.volumes.get(undefined, key);
    if (!pv) return;
    const observed = await this.observe(s, pv);
    const plan = planVolume(observed);
    const log = s.ctx.log.child({ key });
    log.debug({ plan }, 'plan');
    await actOnVolume({ ...s.deps, log }, pv, plan.actions);
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
  }

  private async observe(s: State, pv: KubeObject): Promise<VolumeObservation> {
    const ref = pv['spec']?.claimRef;
    let claim: KubeObject | undefined;
    if (ref?.name) {
      // A claim missing from the cache is looked up before the volume is declared released.
      claim = s.claims.get(ref.namespace, ref.name) ?? (ref.uid ? await getIfExists(s.ctx.client, claimPath(ref.namespace, ref.name)) : undefined);
      if (claim && ref.uid && claim['metadata']?.uid !== ref.uid) claim = undefined;
    }
    const pods = ref?.name ? s.pods.list(ref.namespace).filter((p) => !isTerminated(p) && mountsClaim(p, ref.name)) : [];
    const by: string | undefined = pv['metadata']?.annotations?.[annProvisionedBy];
    const deleter: Deleter = by === undefined ? 'none' : this.options.provisioners.has(by) ? 'ours' : 'external';
    return { pv, claim, podsUsingClaim: pods.map((p) => p['metadata'].name), deleter };
  }
}
