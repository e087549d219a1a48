/**
 * The RedisCluster kind: one TypeBox schema gives both the TypeScript types (Static<>) and the CRD's
 * openAPIV3Schema (see kind.ts), so the two never drift apart.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Condition, Operation, OperatorStatusBase } from '../framework/types.js';
import type { FailoverResult } from '../framework/failover-request.js';

const StringMap = Type.Record(Type.String(), Type.String());

export const RedisClusterSpecSchema = Type.Object({
  masters: Type.Integer({ minimum: 3, description: 'Number of masters (slot owners), at least 3.' }),
  replicasPerMaster: Type.Optional(Type.Integer({ minimum: 0, default: 1, description: 'Replicas of each master (default 1).' })),
  image: Type.Optional(Type.String({ default: 'redis', description: 'Container image (default redis).' })),
  storage: Type.Optional(Type.Object({
    size: Type.String({ description: 'Claim size per pod, e.g. 1Gi.' }),
    storageClassName: Type.Optional(Type.String()),
  })),
  auth: Type.Optional(Type.Object({
    passwordSecret: Type.Optional(Type.Object({
      name: Type.String(),
      key: Type.String(),
    }, { description: 'The Secret holding the password; generated as <name>-auth when absent.' })),
  })),
  config: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Extra redis.conf directives.' })),
  resources: Type.Optional(Type.Object({
    requests: Type.Optional(StringMap),
    limits: Type.Optional(StringMap),
  })),
});

export const RedisClusterNodeStatusSchema = Type.Object({
  pod: Type.String(),
  nodeName: Type.Optional(Type.String()),
  ip: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  role: Type.Optional(Type.String({ description: 'master, replica, or unknown when unreachable' })),
  masterId: Type.Optional(Type.String()),
  masterPod: Type.Optional(Type.String()),
  slots: Type.Optional(Type.Array(Type.String())),
  linkStatus: Type.Optional(Type.String()),
  offset: Type.Optional(Type.Integer({ description: 'replication offset (master_repl_offset of a master, slave_repl_offset of a replica); a replica lags its master by the difference' })),
  error: Type.Optional(Type.String()),
});

export type RedisClusterSpec = Static<typeof RedisClusterSpecSchema>;
export type RedisClusterNodeStatus = Static<typeof RedisClusterNodeStatusSchema>;

export interface RedisClusterStatus extends OperatorStatusBase {
  observedGeneration?: number;
  conditions?: Condition[];
  operation?: Operation;
  failover?: FailoverResult;
  clusterState?: string;
  slotsAssigned?: number;
  nodes?: RedisClusterNodeStatus[];
}

export interface RedisCluster {
  apiVersion: string;
  kind: 'RedisCluster';
  metadata: { name: string; namespace: string; uid: string; generation?: number; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: RedisClusterSpec;
  status?: RedisClusterStatus;
}

/** The spec with every default filled in. */
export interface ResolvedSpec {
  masters: number;
  replicasPerMaster: number;
  image: string;
  storage: { size: string; storageClassName?: string };
  passwordSecret: { name: string; key: string; generated: boolean };
  config: Record<string, string>;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export const REDIS_PORT = 6379;
export const BUS_PORT = 16379;
export const CLUSTER_LABEL = 'ordinal.dev/redis-cluster';
export const TOTAL_SLOTS = 16384;

export function resolveSpec(rc: RedisCluster): ResolvedSpec {
  const s = rc.spec;
  const ps = s.auth?.passwordSecret;
  return {
    masters: s.masters,
    replicasPerMaster: s.replicasPerMaster ?? 1,
    image: s.image ?? 'redis',
    storage: { size: s.storage?.size ?? '1Gi', ...(s.storage?.storageClassName ? { storageClassName: s.storage.storageClassName } : {}) },
    passwordSecret: ps ? { name: ps.name, key: ps.key, generated: false } : { name: `${rc.metadata.name}-auth`, key: 'password', generated: true },
    config: s.config ?? {},
    resources: s.resources ?? {},
  };
}

/** Pods the StatefulSet runs: masters * (1 + replicasPerMaster). */
export function podCount(spec: ResolvedSpec): number {
  return spec.masters * (1 + spec.replicasPerMaster);
}
