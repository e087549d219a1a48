/**
 * Pool ids by name, for ceph-csi's volume handle (it carries the pool's id, not its name). One `ceph
 * osd lspools` per cluster answers for every pool and is shared by the calls waiting for it (50 claims
 * at once ask once); answers are kept for a few minutes, since a pool deleted and made again under the
 * same name gets a new id.
 */
import { RbdVolumeError } from './rbd-volume-error.js';
import { isCephCommandError } from './ceph-command-error.js';
import type { CephRunner, CephTarget } from './types.js';

interface Entry {
  at: number;
  pools: Promise<Map<string, number>>;
}

export class PoolIds {
  private readonly byCluster = new Map<string, Entry>();

  constructor(private readonly runner: CephRunner, private readonly ttlMs = 300_000, private readonly now: () => number = Date.now) {}

  async poolId(clusterID: string, target: CephTarget, pool: string): Promise<number> {
    let id = (await this.pools(clusterID, target, false)).get(pool);
    if (id === undefined) id = (await this.pools(clusterID, target, true)).get(pool);
    if (id === undefined) throw new RbdVolumeError('E_RBD_POOL_NOT_FOUND', `pool '${pool}' not found in cluster ${clusterID} (ceph osd lspools)`);
    return id;
  }

  private pools(clusterID: string, target: CephTarget, fresh: boolean): Promise<Map<string, number>> {
    const key = `${clusterID}|${target.cluster.monitors.join(',')}`;
    const cached = this.byCluster.get(key);
    if (cached && !fresh && this.now() - cached.at < this.ttlMs) return cached.pools;
    const pools = this.list(target);
    const entry = { at: this.now(), pools };
    this.byCluster.set(key, entry);
    pools.catch(() => {
      if (this.byCluster.get(key) === entry) this.byCluster.delete(key);
    });
    return pools;
  }

  private async list(target: CephTarget): Promise<Map<string, number>> {
    try {
      const out = (await this.runner.cephJson<{ poolnum: number; poolname: string }[] | null>(target, ['osd', 'lspools'])) ?? [];
      return new Map(out.map((p) => [p.poolname, p.poolnum]));
    } catch (e) {
      if (!isCephCommandError(e)) throw e;
      throw new RbdVolumeError(e.code, `failed to list the pools (ceph osd lspools): ${e.cephMessage}`, { cause: e });
    }
  }
}
