import type { StoreEvent, Unsubscribe } from './types.js';

interface Subscriber {
  prefix: string;
  /** Events at or below this revision were already delivered by replay. */
  afterRev: number;
  listener: (event: StoreEvent) => void;
}

/** Fans committed changes out to watchers whose key prefix matches. Delivery is synchronous. */
export class Broadcaster {
  private readonly subscribers = new Set<Subscriber>();

  subscribe(prefix: string, afterRev: number, listener: (event: StoreEvent) => void): Unsubscribe {
    const sub: Subscriber = { prefix, afterRev, listener };
    this.subscribers.add(sub);
    return () => {
      this.subscribers.delete(sub);
    };
  }

  publish(event: StoreEvent): void {
    for (const sub of this.subscribers) {
      if (event.rev <= sub.afterRev || !event.key.startsWith(sub.prefix)) continue;
      try {
        sub.listener(event);
      } catch {
        // A failing watcher must not break the write path or other watchers; it is dropped.
        this.subscribers.delete(sub);
      }
    }
  }

  get size(): number {
    return this.subscribers.size;
  }
}
