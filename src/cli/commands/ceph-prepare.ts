import type { Command } from 'commander';

/** `ordinal ceph prepare` (registered under `ordinal ceph`). */
export function registerCephPrepare(ceph: Command): void {
  void ceph;
}
