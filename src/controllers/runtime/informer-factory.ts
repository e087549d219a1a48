import type { KubeClient } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';
import { SharedInformer } from './shared-informer.js';
import type { Informer, InformerFactory, KubeObject } from './types.js';

/** Hands out one SharedInformer per (path, selectors); started on first request once the factory runs. */
export class SharedInformerFactory implements InformerFactory {
  private readonly informers = new Map<string, SharedInformer>();
  private started = false;

  constructor(private readonly client: KubeClient, private readonly log: Logger) {}

  informer<T extends KubeObject = KubeObject>(path: string, options: { labelSelector?: string; fieldSelector?: string } = {}): Informer<T> {
    const query: Record<string, string> = {};
    if (options.labelSelector) query['labelSelector'] = options.labelSelector;
    if (options.fieldSelector) query['fieldSelector'] = options.fieldSelector;
    const key = `${path}?${new URLSearchParams(query).toString()}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new SharedInformer(this.client, path, query, this.log);
      this.informers.set(key, inf);
      if (this.started) inf.start();
    }
    return inf as unknown as Informer<T>;
  }

  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }
}
