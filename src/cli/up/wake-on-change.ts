/**
 * Wake the wait loop as soon as a StatefulSet or pod of the watched namespaces changes (a watch
 * per collection), with the poll interval as the fallback; a burst of events wakes it once.
 */
import type { KubeClient, WatchHandle } from '../../client/index.js';

export interface Wakeup {
  /** Resolves after `ms`, or soon after the next change, whichever comes first. */
  sleep(ms: number): Promise<void>;
  stop(): void;
}

export async function wakeOnChange(client: KubeClient, namespaces: string[], debounceMs = 50): Promise<Wakeup> {
  let pending: (() => void) | undefined;
  let changed = false;
  const wake = (): void => {
    changed = true;
    const resolve = pending;
    if (!resolve) return;
    pending = undefined;
    setTimeout(resolve, debounceMs);
  };
  const paths = namespaces.flatMap((ns) => [`/apis/apps/v1/namespaces/${ns}/statefulsets`, `/api/v1/namespaces/${ns}/pods`]);
  const handles: WatchHandle[] = [];
  let stopped = false;
  await Promise.all(
    paths.map(async (path) => {
      try {
        const h = await client.watch(path, {}, wake);
        if (stopped) h.stop();
        else handles.push(h);
      } catch {
        // polling alone still gets there
      }
    }),
  );
  return {
    sleep(ms) {
      if (changed) {
        changed = false;
        return new Promise((r) => setTimeout(r, debounceMs));
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          pending = undefined;
          resolve();
        }, ms);
        pending = () => {
          clearTimeout(timer);
          changed = false;
          resolve();
        };
      });
    },
    stop() {
      stopped = true;
      for (const h of handles) h.stop();
      const resolve = pending;
      pending = undefined;
      resolve?.();
    },
  };
}
