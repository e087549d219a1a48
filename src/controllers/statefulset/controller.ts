/**
 * The plumbing: informers feed keys; reconcile(key) observes the set, plans, and acts. Plans are
 * logged at debug level; a pod waiting on an unbound claim is explained once per change with a
 * WaitingForClaim event on the set, so a misnamed or unbindable claim does not fail silently.
 */
import { OrdinalError } from '../../lib/errors.js';
import { splitKey, type ControllerContext, type KubeObject, type Reconciler, type ReconcileResult } from '../runtime/index.js';
import { act } from './act.js';
import { formatPlan } from './format-plan.js';
import { observe, setsForChild, setsForClaim, statefulSetInformers, type StatefulSetInformers } from './observe.js';
import { planStatefulSet } from './plan.js';
import type { Plan } from './types.js';

export class StatefulSetSyncError extends OrdinalError {
  constructor(key: string, readonly errors: unknown[]) {
    super('E_STATEFULSET_SYNC', `statefulset ${key}: ${errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ')}`, { cause: errors[0] });
  }
}

/** Add a WaitingForClaim event when what the set waits for on claims has changed since last time. */
function explainClaimWaits(plan: Plan, key: string, last: Map<string, string>): void {
  const message = plan.waiting.filter((w) => w.reason === 'ClaimNotBound' || w.reason === 'ClaimStale').map((w) => w.message).join('; ');
  if (message === (last.get(key) ?? '')) return;
  if (message) plan.actions.push({ type: 'RecordEvent', eventType: 'Normal', reason: 'WaitingForClaim', message });
  last.set(key, message);
}

export function createStatefulSetController(): Reconciler {
  let ctx: ControllerContext | undefined;
  let inf: StatefulSetInformers | undefined;
  const lastClaimWait = new Map<string, string>();

  return {
    name: 'statefulset',

    setup(c, enqueue) {
      ctx = c;
      const informers = statefulSetInformers(c.informers);
      inf = informers;
      const key = (s: KubeObject) => `${s['metadata'].namespace}/${s['metadata'].name}`;
      informers.sets.on({ add: (s) => enqueue(key(s)), update: (_o, s) => enqueue(key(s)), delete: (s) => enqueue(key(s)) });
      const child = (kind: 'Pod' | 'Revision') => (obj: KubeObject) => setsForChild(informers, obj, kind).forEach(enqueue);
      const pod = child('Pod');
      // an update may move a pod between sets (labels): both the old and the new owner look
      informers.pods.on({ add: pod, update: (o, n) => [o, n].forEach(pod), delete: pod });
      const revision = child('Revision');
      informers.revisions.on({ add: revision, update: (_o, n) => revision(n), delete: revision });
      const claim = (obj: KubeObject) => setsForClaim(informers, obj).forEach(enqueue);
      informers.claims.on({ add: claim, update: (_o, n) => claim(n), delete: claim });
    },

    async reconcile(key: string): Promise<ReconcileResult | void> {
      if (!ctx || !inf) throw new Error('statefulset controller: reconcile called before setup');
      const { namespace, name } = splitKey(key);
      await Promise.all([inf.sets.waitForSync(), inf.pods.waitForSync(), inf.claims.waitForSync(), inf.revisions.waitForSync()]);
      const observed = observe(inf, namespace ?? 'default', name);
      if (!observed) {
        lastClaimWait.delete(key);
        return;
      }
      const log = ctx.log.child({ key });
      const plan = planStatefulSet(observed, ctx.now());
      explainClaimWaits(plan, key, lastClaimWait);
      if (plan.actions.length > 0 || plan.waiting.length > 0) log.debug({ plan: formatPlan(plan) }, 'plan');
      const errors = [...(await act(plan, observed.set, { client: ctx.client, events: ctx.events, log })), ...plan.errors.map((e) => new Error(e))];
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new StatefulSetSyncError(key, errors);
      return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
    },
  };
}
