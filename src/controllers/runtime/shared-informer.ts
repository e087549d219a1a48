import type { KubeClient, WatchHandle } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';
import type { Informer, InformerHandlers, KubeObject } from './types.js';

interface ListResponse {
  metadata?: { resourceVersion?: string };
  items?: KubeObject[];
}

const cacheKey = (ns: string | undefined, name: string): string => `${ns ?? ''}/${name}`;

/**
 * list + watch + local cache of one collection. The watch resumes from the last resourceVersion
 * after a disconnect (bookmarks keep it fresh) and re-lists after 410 Gone, diffing the new list
 * against the cache so handlers see the adds, updates and deletes they missed.
 */
export class SharedInformer<T extends KubeObject = KubeObject> implements Informer<T> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private resourceVersion = '';
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private stopped = false;
  private watch: WatchHandle | undefined;
  private backoffMs = 200;

  constructor(
    private readonly client: KubeClient,
    readonly path: string,
    private readonly query: Record<string, string>,
    private readonly log: Logger,
  ) {}

  on(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
    // late subscribers see the current content as adds, like client-go's shared informers
    if (this.synced) for (const obj of this.cache.values()) handlers.add?.(obj);
  }

  list(namespace?: string): T[] {
    const all = [...this.cache.values()];
    return namespace === undefined ? all : all.filter((o) => o['metadata']?.namespace === namespace);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(cacheKey(namespace, name));
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        await this.watchOnce();
        this.backoffMs = 200;
      } catch (err) {
        if (this.stopped) return;
        this.log.debug({ err, path: this.path }, 'informer list/watch failed; retrying');
        await new Promise((r) => setTimeout(r, this.backoffMs));
        this.backoffMs = Math.min(this.backoffMs * 2, 5000);
      }
    }
  }

  private async relist(): Promise<void> {
    const list = await this.client.request<ListResponse>('GET', this.path, { query: this.query });
    const seen = new Set<string>();
    for (const obj of list.items ?? []) {
      const key = cacheKey(obj['metadata']?.namespace, obj['metadata']?.name);
      seen.add(key);
      this.upsert(key, obj as T);
    }
    for (const [key, obj] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.cache.delete(key);
      for (const h of this.handlers) h.delete?.(obj);
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private upsert(key: string, obj: T): void {
    const old = this.cache.get(key);
    this.cache.set(key, obj);
    if (!old) for (const h of this.handlers) h.add?.(obj);
    else if (old['metadata']?.resourceVersion !== obj['metadata']?.resourceVersion) for (const h of this.handlers) h.update?.(old, obj);
  }

  private async watchOnce(): Promise<void> {
    const handle = await this.client.watch(this.path, { query: { ...this.query, resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: String(300 + Math.floor(Math.random() * 300)) } }, (ev) => {
      const obj = ev.object as T;
      if (ev.type === 'ERROR') {
        if ((obj as KubeObject)['code'] === 410) this.resourceVersion = '';
        return;
      }
      const key = cacheKey(obj['metadata']?.namespace, obj['metadata']?.name);
      if (ev.type === 'ADDED' || ev.type === 'MODIFIED') this.upsert(key, obj);
      else if (ev.type === 'DELETED') {
        const old = this.cache.get(key);
        this.cache.delete(key);
        for (const h of this.handlers) h.delete?.(old ?? obj);
      }
      const rv = obj['metadata']?.resourceVersion;
      if (rv && this.resourceVersion !== '') this.resourceVersion = rv;
    });
    this.watch = handle;
    if (this.stopped) handle.stop();
    await handle.done;
  }
}
