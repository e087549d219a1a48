/**
 * The operator contract every ordinal operator follows (RedisCluster, RedisReplication, later
 * ZooKeeper, etcd, MySQL): a custom resource in group ordinal.dev/v1alpha1 whose status carries
 * observedGeneration, typed conditions and - while a multi-step change runs - the persisted step log.
 * A reconcile observes (read only), plans (pure, printable), and acts (the only writer).
 */

export const OPERATOR_GROUP = 'ordinal.dev';
export const OPERATOR_VERSION = 'v1alpha1';
export const OPERATOR_API_VERSION = `${OPERATOR_GROUP}/${OPERATOR_VERSION}`;

export type ConditionType = 'Ready' | 'Progressing' | 'Degraded';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: ConditionType;
  status: ConditionStatus;
  /** CamelCase, stable: e.g. WaitingForPods, Bootstrapping, ReplicaLinkDown. */
  reason: string;
  /** For humans: what it waits for or what is wrong. Never a secret. */
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export type StepState = 'pending' | 'running' | 'done' | 'failed';

export interface StepRecord {
  /** Stable within the operation, e.g. `migrate-slots:5461-6826`, `forget:<node-id>`. */
  name: string;
  state: StepState;
  /** When the state last changed. */
  at?: string;
  detail?: string;
}

/**
 * A multi-step change (bootstrap, scale-in, rolling restart, failover) as persisted in
 * status.operation before and after each step. After a crash the operator reads it back and resumes
 * at the first step not `done`; every step is idempotent (it checks the engine before acting).
 */
export interface Operation {
  /** Unique per operation (e.g. `scale-in-<generation>`). */
  id: string;
  /** e.g. Bootstrap, ScaleOut, ScaleIn, RollingRestart, Failover. */
  type: string;
  params: Record<string, unknown>;
  steps: StepRecord[];
  startedAt: string;
}

export interface OperatorStatusBase {
  observedGeneration?: number;
  conditions?: Condition[];
  operation?: Operation;
}

/** One action of a plan: JSON-serialisable, printed by --dry-run, executed by act. */
export interface PlannedAction {
  type: string;
  /** Why (for humans; shown in --dry-run and events). */
  reason?: string;
  [key: string]: unknown;
}

/** What a pure plan returns. */
export interface Plan<TStatus extends OperatorStatusBase = OperatorStatusBase> {
  actions: PlannedAction[];
  /** The status to write (conditions with reasons saying what is awaited). */
  status: TStatus;
  /** What it waits for, if anything (also in the Progressing condition). */
  waitingFor?: string;
  /** Look again after this many ms (polling the engine). */
  requeueAfterMs?: number;
}
