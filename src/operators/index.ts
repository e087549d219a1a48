/**
 * The operators ordinal runs (in `ordinal server`, or alone with `ordinal operator` against any
 * cluster). This is the one place that lists them: each entry is a kind (its CRD) and a reconciler.
 */
import type { KubeClient } from '../client/index.js';
import type { LeaderElectionOptions } from '../controllers/runtime/index.js';
import type { Logger } from '../lib/log.js';
import { installCrds, printPlans, type OperatorEntry } from './framework/index.js';
import { redisClusterOperator } from './redis-cluster/index.js';
import { redisReplicationOperator } from './redis-replication/index.js';

/** Every operator, in the order their CRDs are installed. */
export const operators: OperatorEntry[] = [redisClusterOperator, redisReplicationOperator];

/** The Lease the operators' ControllerManager holds (one active operator process per cluster). */
export const operatorsLease = { namespace: 'kube-system', name: 'ordinal-operators' };

export interface StartOperatorsOptions {
  kubeconfigPath: string;
  log: Logger;
  /** Default: the `kube-system/ordinal-operators` Lease; false runs without one (tests). */
  leaderElection?: LeaderElectionOptions | false;
  /** Default: `operators`. */
  entries?: readonly OperatorEntry[];
  /** Workers per operator (default 2). */
  workers?: number;
}

export interface RunningOperators {
  stop(): Promise<void>;
  isLeader(): boolean;
}

/** Installs every kind's CRD (create or update, then wait until served) and runs the reconcilers. */
export async function startOperators(options: StartOperatorsOptions): Promise<RunningOperators> {
  const { KubeClient } = await import('../client/index.js');
  const { ControllerManager } = await import('../controllers/runtime/index.js');
  const entries = options.entries ?? operators;
  const log = options.log.child({ component: 'operators' });
  const client = await KubeClient.fromFile(options.kubeconfigPath);
  try {
    await installCrds(client, entries.map((e) => e.kind), { log });
  } catch (err) {
    client.close();
    throw err;
  }
  const leaderElection = options.leaderElection === false ? false : { ...operatorsLease, ...(options.leaderElection ?? {}) };
  const manager = new ControllerManager({
    client,
    log,
    reconcilers: entries.map((e) => e.create()),
    leaderElection,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  await manager.start();
  log.info({ kinds: entries.map((e) => e.kind.kind) }, 'operators started');
  return {
    async stop() {
      await manager.stop();
      client.close();
    },
    isLeader: () => manager.isLeader(),
  };
}

/** `ordinal operator --dry-run`: each object's plan, without acting (CRDs are not installed). */
export async function printOperatorPlans(client: KubeClient, log: Logger, write: (text: string) => void, entries: readonly OperatorEntry[] = operators): Promise<void> {
  await printPlans(client, entries, log, write);
}
