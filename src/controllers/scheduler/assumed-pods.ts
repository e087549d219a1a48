/**
 * Pods this scheduler has placed before the informer shows it (kube-scheduler's "assumed" pods):
 * without them, two pods scheduled a moment apart would both see an empty node. A pod waiting for
 * its WaitForFirstConsumer volumes keeps its reservation on the chosen node while it waits.
 */
import type { KubeObject } from '../runtime/types.js';

export interface Assumption {
  uid: string;
  node: string;
  /** bound: the binding was accepted; awaiting-volumes: claims marked for the node, not bound yet. */
  state: 'bound' | 'awaiting-volumes';
  sinceMs: number;
}

/** How long a bound assumption may wait for the informer before it is dropped anyway. */
export const assumedBindingTtlMs = 30_000;

export class AssumedPods {
  private readonly byKey = new Map<string, Assumption>();

  assume(key: string, a: Assumption): void {
    const prior = this.byKey.get(key);
    // a pod that keeps waiting for the same node keeps its start time (for the bind timeout)
    const sinceMs = prior && prior.uid === a.uid && prior.node === a.node && prior.state === a.state ? prior.sinceMs : a.sinceMs;
    this.byKey.set(key, { ...a, sinceMs });
  }

  get(key: string): Assumption | undefined {
    return this.byKey.get(key);
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  /** True while a binding we made is not yet visible in the cache. */
  isBound(key: string, uid: string): boolean {
    const a = this.byKey.get(key);
    return a !== undefined && a.uid === uid && a.state === 'bound';
  }

  /**
   * The informer's pods with the assumed ones placed on their node; assumptions the cache has caught
   * up with (or that outlived their pod or the TTL) are dropped on the way.
   */
  overlay(pods: KubeObject[], nowMs: number): KubeObject[] {
    if (this.byKey.size === 0) return pods;
    const seen = new Set<string>();
    const out = pods.map((p) => {
      const key = `${p['metadata']?.namespace}/${p['metadata']?.name}`;
      const a = this.byKey.get(key);
      if (!a) return p;
      seen.add(key);
      if (a.uid !== p['metadata']?.uid || p['spec']?.nodeName || (a.state === 'bound' && nowMs - a.sinceMs > assumedBindingTtlMs)) {
        this.byKey.delete(key);
        return p;
      }
      return { ...p, spec: { ...p['spec'], nodeName: a.node } };
    });
    for (const key of [...this.byKey.keys()]) if (!seen.has(key)) this.byKey.delete(key);
    return out;
  }
}
