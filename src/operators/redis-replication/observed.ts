/** What observe gathers (caches + engine queries) and plan reads: plain data, fixtures in tests. */
import type { RedisReplication, ResolvedSpec } from './kind.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RedisPodView {
  pod: string;
  ip?: string;
  ready: boolean;
  deleting: boolean;
  /** The pod's controller-revision-hash. */
  revision?: string;
  /** Our role label on the pod (master | replica). */
  roleLabel?: string;
  /** Answered ROLE / INFO replication. */
  reachable: boolean;
  role?: 'master' | 'slave';
  /** For a replica: the host it replicates (as configured: a DNS name). */
  masterHost?: string;
  linkStatus?: 'up' | 'down';
  connectedReplicas?: number;
  /** Replication offset: master_repl_offset on a master, slave_repl_offset on a replica. */
  offset?: number;
  /** CONFIG GET replica-priority (Sentinel promotes the lowest non-zero one first). */
  priority?: number;
  /** The Kubernetes node the pod runs on. */
  nodeName?: string;
}

export interface SentinelView {
  pod: string;
  reachable: boolean;
  /** get-master-addr-by-name: the master's host (a DNS name with announce-hostnames). */
  master?: string;
  /**
   * Replicas this Sentinel flags s_down (hosts): no answer for down-after-milliseconds. A replica it
   * merely lost its link to (`disconnected`, e.g. just restarted) is not in here - resetting a
   * Sentinel for that made it forget every replica right when a master might need replacing.
   */
  downReplicas?: string[];
  /** Replicas flagged s_down or disconnected: Sentinel refuses a failover (NOGOODSLAVE) while any is. */
  unlinkedReplicas?: string[];
  /** The master's flags include failover_in_progress. */
  failoverInProgress?: boolean;
  /** The replica-priority this Sentinel last read from each replica (host -> priority). */
  replicaPriorities?: Record<string, number>;
  /** Replicas this Sentinel lists as healthy (flags exactly `slave`): the ones it could promote. */
  healthyReplicas?: string[];
  /** How many other Sentinels it knows (num-other-sentinels): it needs them to agree on a failover. */
  otherSentinels?: number;
}

export interface Observed {
  rr: RedisReplication;
  spec: ResolvedSpec;
  now: string;
  /** The password Secret exists (generated or given). */
  secretExists: boolean;
  /** `Kind/name` -> the render hash on the existing object ('' when it has none); absent = missing. */
  existing: Record<string, string>;
  /** The rendered objects (renderOwned). */
  desired: Obj[];
  /** The Redis StatefulSet's status.updateRevision. */
  updateRevision?: string;
  redis: RedisPodView[];
  sentinels: SentinelView[];
}
