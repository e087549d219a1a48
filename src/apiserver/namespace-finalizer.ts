import type { KubeObject } from '../store/types.js';
import { listPrefix, objectKey } from './object-key.js';
import type { ApiContext } from './rest/context.js';
import { deleteObject, finishDeletion } from './rest/delete.js';

const nsInfo = { group: '', resource: 'namespaces' };

/**
 * The namespace controller's job, inside the server: a Terminating namespace has its content deleted
 * (honouring finalizers and pod grace periods), and once empty its "kubernetes" finalizer is removed
 * and it goes away.
 */
export class NamespaceFinalizer {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly ctx: ApiContext, private readonly intervalMs = 1000) {}

  start(): void {
    this.unsubscribe = this.ctx.store.watch('/core/namespaces/', this.ctx.store.currentRevision(), (ev) => {
      if (ev.type !== 'DELETED' && ev.json.includes('"deletionTimestamp"')) this.schedule(0);
    });
    this.schedule(0);
  }

  stop(): void {
    this.unsubscribe?.();
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const pending = this.sweep();
      if (pending) this.schedule(this.intervalMs);
    }, ms);
  }

  /** One pass over terminating namespaces; true while any is still waiting for its content to go. */
  private sweep(): boolean {
    let pending = false;
    const nsResource = this.ctx.registry.storageInfo(nsInfo.group, nsInfo.resource)!;
    for (const item of this.ctx.store.list('/core/namespaces/').items) {
      const ns = item.value;
      if (!ns['metadata'].deletionTimestamp) continue;
      try {
        if (this.deleteContent(ns['metadata'].name) > 0) {
          pending = true;
          continue;
        }
        this.finalize(ns, nsResource);
      } catch (err) {
        this.ctx.log.warn({ err, namespace: ns['metadata'].name }, 'namespace cleanup step failed; will retry');
        pending = true;
      }
    }
    return pending;
  }

  private deleteContent(namespace: string): number {
    let remaining = 0;
    const seen = new Set<string>();
    for (const info of this.ctx.registry.all()) {
      if (!info.namespaced || seen.has(`${info.group}/${info.resource}`)) continue;
      seen.add(`${info.group}/${info.resource}`);
      for (const obj of this.ctx.store.list(listPrefix(info, namespace)).items) {
        remaining++;
        if (obj.value['metadata'].deletionTimestamp) continue;
        deleteObject(this.ctx, info, namespace, obj.value['metadata'].name, { propagationPolicy: 'Background' }, { dryRun: false, fieldValidation: 'Ignore' });
      }
    }
    return remaining;
  }

  private finalize(ns: KubeObject, info: Parameters<typeof objectKey>[0]): void {
    const key = objectKey(info, undefined, ns['metadata'].name);
    const current = this.ctx.store.get(key);
    if (!current) return;
    const obj = current.value;
    if ((obj['spec']?.finalizers ?? []).length > 0) {
      obj['spec'].finalizers = [];
      this.ctx.store.update(key, obj, current.rev);
    }
    if ((obj['metadata'].finalizers ?? []).length === 0) finishDeletion(this.ctx, info, key, obj['metadata'].name);
  }
}
