/**
 * The RedisReplication kind (seed 000): one master and N-1 replicas in one StatefulSet, Sentinels in
 * another. One TypeBox schema gives the TypeScript types and the CRD's openAPIV3Schema.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineKind, type CustomObject } from '../framework/define-kind.js';
import type { FailoverResult } from '../framework/failover-request.js';
import { FailoverResultSchema } from '../framework/status-schema.js';
import type { Condition, Operation } from '../framework/types.js';

const StringMap = Type.Record(Type.String(), Type.String());

export const RedisReplicationSpecSchema = Type.Object({
  replicas: Type.Optional(Type.Integer({ minimum: 1, default: 3, description: 'Redis pods: 1 master + replicas-1 replicas (default 3).' })),
  sentinel: Type.Optional(Type.Object({
    replicas: Type.Optional(Type.Integer({ minimum: 1, default: 3, description: 'Sentinel pods (default 3).' })),
    quorum: Type.Optional(Type.Integer({ minimum: 1, default: 2, description: 'Sentinels that must agree the master is down (default 2).' })),
    downAfterMilliseconds: Type.Optional(Type.Integer({ minimum: 100, default: 5000, description: 'down-after-milliseconds (default 5000).' })),
    failoverTimeout: Type.Optional(Type.Integer({ minimum: 1000, default: 60000, description: 'failover-timeout (default 60000).' })),
  })),
  image: Type.Optional(Type.String({ default: 'redis', description: 'Container image for redis-server and redis-sentinel (default redis).' })),
  storage: Type.Optional(Type.Object({
    size: Type.String({ description: 'Claim size per Redis pod, e.g. 1Gi.' }),
    storageClassName: Type.Optional(Type.String()),
  })),
  auth: Type.Optional(Type.Object({
    passwordSecret: Type.Optional(Type.Object({ name: Type.String(), key: Type.String() }, { description: 'The Secret holding the password; generated as <name>-auth when absent.' })),
  })),
  minReplicasToWrite: Type.Optional(Type.Integer({ minimum: 0, description: 'min-replicas-to-write (with min-replicas-max-lag 10): a master refuses writes with fewer linked replicas.' })),
  config: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Extra redis.conf directives.' })),
  resources: Type.Optional(Type.Object({ requests: Type.Optional(StringMap), limits: Type.Optional(StringMap) })),
});

export const RedisReplicationStatusSchema = Type.Object({
  observedGeneration: Type.Optional(Type.Integer()),
  conditions: Type.Optional(Type.Array(Type.Unknown())),
  operation: Type.Optional(Type.Unknown()),
  master: Type.Optional(Type.String({ description: 'The pod Sentinel names as master.' })),
  failover: Type.Optional(FailoverResultSchema),
  replicas: Type.Optional(Type.Array(Type.Object({
    pod: Type.String(), role: Type.String(), linkStatus: Type.Optional(Type.String()), masterHost: Type.Optional(Type.String()),
    nodeName: Type.Optional(Type.String()),
    offset: Type.Optional(Type.Integer({ description: 'Replication offset when last observed (master_repl_offset or slave_repl_offset); lag = master offset - this.' })),
  }))),
  sentinels: Type.Optional(Type.Array(Type.Object({ pod: Type.String(), master: Type.Optional(Type.String()), reachable: Type.Boolean() }))),
  readyReplicas: Type.Optional(Type.Integer()),
});

export type RedisReplicationSpec = Static<typeof RedisReplicationSpecSchema>;

export interface RedisReplicationStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  operation?: Operation;
  master?: string;
  /** The outcome of the last `ordinal failover` request. */
  failover?: FailoverResult;
  replicas?: Array<{ pod: string; role: string; linkStatus?: string; masterHost?: string; nodeName?: string; offset?: number }>;
  sentinels?: Array<{ pod: string; master?: string; reachable: boolean }>;
  readyReplicas?: number;
}

export type RedisReplication = CustomObject<RedisReplicationSpec, RedisReplicationStatus> & { metadata: { namespace: string; uid: string } };

export const redisReplicationKind = defineKind({
  kind: 'RedisReplication',
  plural: 'redisreplications',
  shortNames: ['rdr'],
  description: 'Redis master + replicas with Sentinel as the failover authority (seed 000).',
  spec: RedisReplicationSpecSchema,
  status: RedisReplicationStatusSchema,
  printerColumns: [
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Master', type: 'string', jsonPath: '.status.master' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  ],
});

export const REPLICATION_LABEL = 'ordinal.dev/redis-replication';
export const ROLE_LABEL = 'ordinal.dev/component';
export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;

/** The spec with every default filled in. */
export interface ResolvedSpec {
  name: string;
  namespace: string;
  replicas: number;
  sentinel: { replicas: number; quorum: number; downAfterMilliseconds: number; failoverTimeout: number };
  image: string;
  storage: { size: string; storageClassName?: string };
  passwordSecret: { name: string; key: string; generated: boolean };
  minReplicasToWrite?: number;
  config: Record<string, string>;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export function resolveSpec(rr: Pick<RedisReplication, 'metadata' | 'spec'>): ResolvedSpec {
  const s = rr.spec ?? {};
  const name = rr.metadata.name;
  const ps = s.auth?.passwordSecret;
  return {
    name,
    namespace: rr.metadata.namespace,
    replicas: s.replicas ?? 3,
    sentinel: {
      replicas: s.sentinel?.replicas ?? 3,
      quorum: s.sentinel?.quorum ?? 2,
      downAfterMilliseconds: s.sentinel?.downAfterMilliseconds ?? 5000,
      failoverTimeout: s.sentinel?.failoverTimeout ?? 60000,
    },
    image: s.image ?? 'redis',
    storage: { size: s.storage?.size ?? '1Gi', ...(s.storage?.storageClassName ? { storageClassName: s.storage.storageClassName } : {}) },
    passwordSecret: ps ? { ...ps, generated: false } : { name: `${name}-auth`, key: 'password', generated: true },
    ...(s.minReplicasToWrite !== undefined ? { minReplicasToWrite: s.minReplicasToWrite } : {}),
    config: s.config ?? {},
    resources: s.resources ?? {},
  };
}

/** Names of everything one RedisReplication owns, and the pods' DNS names. */
export function namesOf(spec: Pick<ResolvedSpec, 'name' | 'namespace'>) {
  const { name, namespace } = spec;
  return {
    redis: name,
    sentinel: `${name}-sentinel`,
    client: `${name}-master`,
    configMap: `${name}-config`,
    secret: `${name}-auth`,
    /** The Sentinel master name (`sentinel monitor <this> ...`). */
    masterName: name,
    redisHost: (i: number): string => `${name}-${i}.${name}.${namespace}.svc.cluster.local`,
    sentinelHost: (i: number): string => `${name}-sentinel-${i}.${name}-sentinel.${namespace}.svc.cluster.local`,
  };
}

/** `<name>-2` (a Redis pod) -> `<name>-2.<name>.<ns>.svc.cluster.local`, the host Sentinel knows it by. */
export function hostOfPod(spec: Pick<ResolvedSpec, 'name' | 'namespace'>, pod: string): string {
  return namesOf(spec).redisHost(Number(pod.slice(pod.lastIndexOf('-') + 1)));
}

/** `<name>-2.<name>.<ns>.svc.cluster.local` -> `<name>-2` (the pod), or undefined for another host. */
export function podOfHost(spec: Pick<ResolvedSpec, 'name' | 'namespace'>, host: string | undefined): string | undefined {
  if (!host) return undefined;
  const suffix = `.${spec.name}.${spec.namespace}.svc.cluster.local`;
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  if (!h.endsWith(suffix)) return undefined;
  const pod = h.slice(0, -suffix.length);
  return pod.startsWith(`${spec.name}-`) ? pod : undefined;
}
