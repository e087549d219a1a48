/**
 * The claim binder (the claim half of kube-controller-manager's PV controller): one reconcile per
 * PersistentVolumeClaim key. observe (caches) -> planClaim (pure) -> actOnClaim (the only writer).
 */
import type { Provisioner } from '../../storage/index.js';
import { objectKey, splitKey, type ControllerContext, type Informer, type KubeObject, type Reconciler } from '../runtime/types.js';
import { annBindCompleted, annSelectedNode, hostnameLabel } from './annotations.js';
import { actOnClaim, type ClaimWorld } from './claim-act.js';
import { planClaim } from './claim-plan.js';
import { apiObjectReader } from './volume-objects.js';
import { VolumeOperations } from './volume-operations.js';
import { claimsPath, getIfExists, nodesPath, storageClassesPath, volumePath, volumesPath, type VolumeDeps } from './volume-api.js';

interface State {
  ctx: ControllerContext;
  deps: VolumeDeps;
  claims: Informer;
  volumes: Informer;
  classes: Informer;
  nodes: Informer;
}

export class ClaimBinder implements Reconciler {
  readonly name = 'persistentvolume-binder';
  private state: State | undefined;

  constructor(private readonly options: { provisioners: ReadonlyMap<string, Provisioner> }) {}

  setup(ctx: ControllerContext, enqueue: (key: string) => void): void {
    const f = ctx.informers;
    const s: State = {
      ctx,
      deps: { client: ctx.client, events: ctx.events, log: ctx.log, now: () => ctx.now(), provisioners: this.options.provisioners, recycler: undefined, objects: apiObjectReader(ctx.client), operations: new VolumeOperations(enqueue) },
      claims: f.informer(claimsPath),
      volumes: f.informer(volumesPath),
      classes: f.informer(storageClassesPath),
      nodes: f.informer(nodesPath),
    };
    this.state = s;
    const enqueueUnbound = (): void => {
      for (const c of s.claims.list()) if (!c['metadata']?.annotations?.[annBindCompleted]) enqueue(objectKey(c));
    };
    const onVolume = (pv: KubeObject): void => {
      const ref = pv['spec']?.claimRef;
      if (ref?.name) enqueue(`${ref.namespace}/${ref.name}`);
      for (const c of s.claims.list()) if (c['spec']?.volumeName === pv['metadata']?.name) enqueue(objectKey(c));
      if (!ref?.uid) enqueueUnbound();
    };
    s.claims.on({ add: (c) => enqueue(objectKey(c)), update: (_o, c) => enqueue(objectKey(c)) });
    s.volumes.on({ add: onVolume, update: (_o, pv) => onVolume(pv), delete: onVolume });
    s.classes.on({ add: enqueueUnbound, update: enqueueUnbound });
  }

  async reconcile(key: string): Promise<void> {
    const s = this.state;
    if (!s) throw new Error(`${this.name}: reconcile before setup`);
    await Promise.all([s.claims, s.volumes, s.classes, s.nodes].map((i) => i.waitForSync()));
    const { namespace, name } = splitKey(key);
    const claim = s.claims.get(namespace, name);
    if (!claim) return;
    const world = await this.observe(s, claim);
    const plan = planClaim({ ...world, provisioners: [...this.options.provisioners.keys()] });
    const log = s.ctx.log.child({ key });
    log.debug({ plan }, 'plan');
    await actOnClaim({ ...s.deps, log }, world, plan.actions);
  }

  private async observe(s: State, claim: KubeObject): Promise<ClaimWorld> {
    const volumes = [...s.volumes.list()];
    const volumeName: string | undefined = claim['spec']?.volumeName || undefined;
    if (volumeName && !volumes.some((v) => v['metadata']?.name === volumeName)) {
      // Not in the cache: ask the API before calling a bound claim Lost.
      const pv = await getIfExists(s.ctx.client, volumePath(volumeName));
      if (pv) volumes.push(pv);
    }
    const selected: string | undefined = claim['metadata']?.annotations?.[annSelectedNode];
    const world: ClaimWorld = { claim, volumes, classes: s.classes.list() };
    if (selected) {
      const labels: Record<string, string> = { ...s.nodes.get(undefined, selected)?.['metadata']?.labels };
      labels[hostnameLabel] ??= selected;
      world.node = { name: selected, labels };
    }
    return world;
  }
}
