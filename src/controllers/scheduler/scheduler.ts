/**
 * The default scheduler as a reconciler: one key per Pending pod that names default-scheduler and
 * no node. Each reconcile observes the caches (plus the pods it has just placed), plans with the
 * pure schedulePod, and acts: bind, mark WaitForFirstConsumer claims and wait, or set
 * PodScheduled=False with a FailedScheduling event. Unschedulable pods are retried when nodes, pods
 * or volumes change, and every `retryUnschedulableMs`. One pod is decided at a time, so each
 * decision sees the ones before it.
 */
import type { ControllerContext, Informer, KubeObject, ReconcileResult, Reconciler } from '../runtime/types.js';
import { objectKey, splitKey } from '../runtime/types.js';
import { AssumedPods } from './assumed-pods.js';
import { mayGainFromOtherPods, needsRetryAfterNodeChange, needsRetryAfterPodChange, isPendingForScheduler, usesClaim } from './pod-events.js';
import { podClaimNames } from './volume-binding.js';
import { schedulePod } from './schedule.js';
import { bindPod, markClaimForNode, setUnschedulable } from './scheduler-actions.js';
import { buildSnapshot } from './snapshot.js';
import type { SchedulePlan } from './types.js';

export const schedulerName = 'default-scheduler';

export interface SchedulerOptions {
  /** How often an unschedulable pod is tried again without any change seen (default 30 s). */
  retryUnschedulableMs?: number;
  /** How often a pod waiting for its volumes is looked at again without news (default 15 s: changes of its claims and their volumes wake it at once). */
  volumePollMs?: number;
  /** How long to wait for WaitForFirstConsumer claims to bind before saying so (kube: 600 s). */
  bindTimeoutMs?: number;
  /** A repeated FailedScheduling event with the same message is recorded at most this often (default 60 s). */
  eventIntervalMs?: number;
}

interface Caches {
  pods: Informer;
  nodes: Informer;
  claims: Informer;
  volumes: Informer;
  classes: Informer;
  namespaces: Informer;
}

export function createScheduler(options: SchedulerOptions = {}): Reconciler {
  return new Scheduler(options);
}

class Scheduler implements Reconciler {
  readonly name = schedulerName;
  private ctx!: ControllerContext;
  private caches!: Caches;
  private readonly assumed = new AssumedPods();
  private readonly lastEvent = new Map<string, { message: string; atMs: number }>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {}

  setup(ctx: ControllerContext, enqueue: (key: string) => void): void {
    this.ctx = ctx;
    const inf = ctx.informers;
    this.caches = {
      pods: inf.informer('/api/v1/pods'),
      nodes: inf.informer('/api/v1/nodes'),
      claims: inf.informer('/api/v1/persistentvolumeclaims'),
      volumes: inf.informer('/api/v1/persistentvolumes'),
      classes: inf.informer('/apis/storage.k8s.io/v1/storageclasses'),
      namespaces: inf.informer('/api/v1/namespaces'),
    };
    const pending = (filter: (pod: KubeObject) => boolean = () => true): void => {
      for (const p of this.caches.pods.list()) if (isPendingForScheduler(p, schedulerName) && filter(p)) enqueue(objectKey(p));
    };
    this.caches.pods.on({
      // a newly placed pod can satisfy a waiting pod's affinity (the initial list needs no such sweep)
      add: (p) => (isPendingForScheduler(p, schedulerName) ? enqueue(objectKey(p)) : p['spec']?.nodeName && this.caches.pods.hasSynced() && pending(mayGainFromOtherPods)),
      update: (old, p) => {
        if (isPendingForScheduler(p, schedulerName)) enqueue(objectKey(p));
        else if (needsRetryAfterPodChange(old, p)) pending(mayGainFromOtherPods);
      },
      delete: (p) => {
        this.assumed.forget(objectKey(p));
        this.lastEvent.delete(objectKey(p));
        if (p['spec']?.nodeName) pending(mayGainFromOtherPods);
      },
    });
    this.caches.nodes.on({ add: () => pending(), update: (old, n) => needsRetryAfterNodeChange(old, n) && pending(), delete: () => pending() });
    const claimChanged = (c: KubeObject): void => pending((p) => usesClaim(p, c));
    this.caches.claims.on({ add: claimChanged, update: (_o, c) => claimChanged(c), delete: claimChanged });
    // a volume made for one claim concerns the pods of that claim; a free one, pods with claims
    const volumeChanged = (pv: KubeObject): void => {
      const ref = pv['spec']?.claimRef;
      if (ref?.name) pending((p) => p['metadata']?.namespace === ref.namespace && podClaimNames(p).some((c) => c.name === ref.name));
      else pending((p) => podClaimNames(p).length > 0);
    };
    this.caches.volumes.on({ add: volumeChanged, update: (_o, pv) => volumeChanged(pv) });
    this.caches.classes.on({ add: () => pending(), update: () => pending() });
  }

  reconcile(key: string): Promise<ReconcileResult | void> {
    // one decision at a time: each must see the pods placed by the one before
    const run = this.chain.then(() => this.scheduleOne(key));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async scheduleOne(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pod = this.caches.pods.get(namespace, name);
    if (!pod || !isPendingForScheduler(pod, schedulerName)) {
      if (!pod) this.assumed.forget(key);
      return;
    }
    const uid: string = pod['metadata'].uid;
    if (this.assumed.isBound(key, uid)) return; // our binding is on its way into the cache
    const nowMs = this.ctx.now().getTime();
    const pods = this.assumed.overlay(this.caches.pods.list(), nowMs).filter((p) => p['metadata']?.uid !== uid);
    const snapshot = buildSnapshot({
      nodes: this.caches.nodes.list(),
      pods,
      claims: this.caches.claims.list(),
      volumes: this.caches.volumes.list(),
      classes: this.caches.classes.list(),
      namespaces: this.caches.namespaces.list(),
    });
    const result = schedulePod(pod, snapshot);
    this.ctx.log.debug({ key, plan: result.plan, reasons: Object.fromEntries(result.reasons), scores: result.scores }, 'scheduling plan');
    return this.act(key, { ...pod, kind: 'Pod', apiVersion: 'v1' }, result.plan, nowMs);
  }

  private async act(key: string, pod: KubeObject, plan: SchedulePlan, nowMs: number): Promise<ReconcileResult | void> {
    const { client, events, log } = this.ctx;
    const uid: string = pod['metadata'].uid;
    const ns: string = pod['metadata'].namespace;
    switch (plan.type) {
      case 'Bind': {
        this.assumed.assume(key, { uid, node: plan.node, state: 'bound', sinceMs: nowMs });
        try {
          if ((await bindPod(client, pod, plan.node)) === 'gone') {
            this.assumed.forget(key);
            return;
          }
        } catch (err) {
          this.assumed.forget(key);
          throw err;
        }
        this.lastEvent.delete(key);
        log.info({ pod: key, node: plan.node }, 'bound pod');
        events.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${key} to ${plan.node}`);
        return;
      }
      case 'AwaitVolumes': {
        this.assumed.assume(key, { uid, node: plan.node, state: 'awaiting-volumes', sinceMs: nowMs });
        for (const claim of plan.annotate) {
          await markClaimForNode(client, ns, claim, plan.node);
          log.info({ pod: key, claim, node: plan.node }, 'selected node for WaitForFirstConsumer claim');
        }
        const since = this.assumed.get(key)?.sinceMs ?? nowMs;
        const timeout = this.options.bindTimeoutMs ?? 600_000;
        if (nowMs - since > timeout) {
          const message = `running PreBind plugin "VolumeBinding": binding volumes: claims ${plan.waitingFor.join(', ')} not bound on ${plan.node} after ${Math.round(timeout / 1000)}s`;
          this.warnOnce(key, pod, message, nowMs);
        }
        return { requeueAfterMs: this.options.volumePollMs ?? 15_000 };
      }
      case 'Unschedulable': {
        this.assumed.forget(key);
        const changed = await setUnschedulable(client, pod, plan.message, this.ctx.now());
        if (changed) log.info({ pod: key, why: plan.message }, 'pod is unschedulable');
        this.warnOnce(key, pod, plan.message, nowMs);
        return { requeueAfterMs: this.options.retryUnschedulableMs ?? 30_000 };
      }
    }
  }

  /** FailedScheduling, again only when the message changes or a while has passed. */
  private warnOnce(key: string, pod: KubeObject, message: string, nowMs: number): void {
    const last = this.lastEvent.get(key);
    if (last && last.message === message && nowMs - last.atMs < (this.options.eventIntervalMs ?? 60_000)) return;
    this.lastEvent.set(key, { message, atMs: nowMs });
    this.ctx.events.event(pod, 'Warning', 'FailedScheduling', message);
  }
}
