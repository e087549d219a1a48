/**
 * Who has an image open: `rbd status` lists one watcher per client (rbd-fuse, krbd, librbd), each
 * with the address that fencing would blocklist. Used by the node before it attaches an image and
 * by the provisioners to explain a refused delete.
 */
import type { CephRunOptions, CephRunner, CephTarget } from './types.js';

export interface ImageWatcher {
  /** `ip:port/nonce` */
  address: string;
  client?: number | string;
  cookie?: number;
}

export async function imageWatchers(runner: CephRunner, target: CephTarget, pool: string, image: string, options?: CephRunOptions): Promise<ImageWatcher[]> {
  const status = await runner.rbdJson<{ watchers?: ImageWatcher[] } | null>(target, ['status', `${pool}/${image}`], options);
  return status?.watchers ?? [];
}

/** `127.0.0.1:0/123456 (client.4321)`, as the messages that name a holder write it. */
export function describeWatcher(w: ImageWatcher): string {
  if (w.client === undefined) return w.address;
  const client = String(w.client);
  return `${w.address} (${client.startsWith('client.') ? client : `client.${client}`})`;
}
