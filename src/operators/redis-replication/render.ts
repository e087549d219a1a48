/**
 * Pure rendering of what a RedisReplication owns: the password Secret (created only when generated;
 * act fills in the value), the ConfigMap (redis.conf, the start scripts), the headless Services
 * `<name>` and `<name>-sentinel`, the client Service `<name>-master` (the master's pod only, by the
 * role label act keeps current), and the StatefulSets `<name>` (redis-server) and `<name>-sentinel`.
 * The Redis StatefulSet uses OnDelete: the operator restarts pods itself, replicas first and the
 * master only after `SENTINEL FAILOVER`.
 */
import { HASH_ANNOTATION, hashOf, stampHash } from '../framework/render-hash.js';
import { namesOf, REDIS_PORT, REPLICATION_LABEL, ROLE_LABEL, SENTINEL_PORT, type RedisReplication, type ResolvedSpec } from './kind.js';
import { CONF_DIR, DATA_DIR, redisStartScript, RUN_DIR, SENTINEL_DIR, sentinelStartScript } from './scripts.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export { HASH_ANNOTATION, hashOf };
/** On pods: master | replica, kept current by the operator (the client Service selects master). */
export const REDIS_ROLE_LABEL = 'ordinal.dev/redis-role';

function labels(spec: ResolvedSpec, component: 'redis' | 'sentinel'): Record<string, string> {
  return { 'app.kubernetes.io/name': 'redis-replication', 'app.kubernetes.io/instance': spec.name, 'app.kubernetes.io/managed-by': 'ordinal', [REPLICATION_LABEL]: spec.name, [ROLE_LABEL]: component };
}

function selector(spec: ResolvedSpec, component: 'redis' | 'sentinel'): Record<string, string> {
  return { [REPLICATION_LABEL]: spec.name, [ROLE_LABEL]: component };
}

function meta(rr: RedisReplication, spec: ResolvedSpec, name: string, component: 'redis' | 'sentinel'): Obj {
  return {
    name,
    namespace: spec.namespace,
    labels: labels(spec, component),
    ownerReferences: [{ apiVersion: rr.apiVersion, kind: 'RedisReplication', name: rr.metadata.name, uid: rr.metadata.uid, controller: true, blockOwnerDeletion: true }],
  };
}

/** Adds the render hash annotation (what act compares to decide on an update). */
const stamped = (obj: Obj): Obj => stampHash(obj);

export function renderRedisConf(spec: ResolvedSpec): string {
  const base: Record<string, string> = {
    port: String(REDIS_PORT),
    bind: '0.0.0.0',
    // a password is always set; protected mode would refuse replicas and Sentinels from other pods
    'protected-mode': 'no',
    dir: DATA_DIR,
    appendonly: 'yes',
    'repl-diskless-sync-delay': '0',
    'replica-read-only': 'yes',
  };
  if (spec.minReplicasToWrite !== undefined) {
    base['min-replicas-to-write'] = String(spec.minReplicasToWrite);
    base['min-replicas-max-lag'] = '10';
  }
  return Object.entries({ ...base, ...spec.config }).map(([k, v]) => `${k} ${v}`).join('\n') + '\n';
}

export function renderSecret(rr: RedisReplication, spec: ResolvedSpec): Obj {
  return { apiVersion: 'v1', kind: 'Secret', metadata: meta(rr, spec, spec.passwordSecret.name, 'redis'), type: 'Opaque', data: {} };
}

function renderConfigMap(rr: RedisReplication, spec: ResolvedSpec): Obj {
  return {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(rr, spec, namesOf(spec).configMap, 'redis'),
    data: { 'redis.conf': renderRedisConf(spec), 'start-redis.sh': redisStartScript(spec), 'start-sentinel.sh': sentinelStartScript(spec) },
  };
}

function headless(rr: RedisReplication, spec: ResolvedSpec, name: string, component: 'redis' | 'sentinel', port: number): Obj {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: meta(rr, spec, name, component),
    // DNS names exist as soon as a pod has an address: the start scripts resolve peers that are not Ready yet
    spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: selector(spec, component), ports: [{ name: component, port, targetPort: port }] },
  };
}

function clientService(rr: RedisReplication, spec: ResolvedSpec): Obj {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: meta(rr, spec, namesOf(spec).client, 'redis'),
    spec: { selector: { ...selector(spec, 'redis'), [REDIS_ROLE_LABEL]: 'master' }, ports: [{ name: 'redis', port: REDIS_PORT, targetPort: REDIS_PORT }] },
  };
}

function passwordEnv(spec: ResolvedSpec): Obj[] {
  const ref = { secretKeyRef: { name: spec.passwordSecret.name, key: spec.passwordSecret.key } };
  return [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'REDIS_PASSWORD', valueFrom: ref },
    // redis-cli reads the password from here (probes, kubectl exec): never on a command line
    { name: 'REDISCLI_AUTH', valueFrom: ref },
  ];
}

function execProbe(command: string, periodSeconds: number): Obj {
  return { exec: { command: ['sh', '-c', command] }, periodSeconds, timeoutSeconds: 3, failureThreshold: 3 };
}

function redisStatefulSet(rr: RedisReplication, spec: ResolvedSpec): Obj {
  const n = namesOf(spec);
  const claim: Obj = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: spec.storage.size } }, ...(spec.storage.storageClassName ? { storageClassName: spec.storage.storageClassName } : {}) } };
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta(rr, spec, n.redis, 'redis'),
    spec: {
      serviceName: n.redis,
      replicas: spec.replicas,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'OnDelete' },
      selector: { matchLabels: selector(spec, 'redis') },
      template: {
        // a change of redis.conf or the start script changes the template: the operator rolls the pods
        metadata: { labels: labels(spec, 'redis'), annotations: { 'ordinal.dev/config-hash': hashOf([renderRedisConf(spec), redisStartScript(spec)]) } },
        spec: {
          terminationGracePeriodSeconds: 10,
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector(spec, 'redis') } } }] } },
          containers: [{
            name: 'redis',
            image: spec.image,
            command: ['sh', '-c', `exec sh ${CONF_DIR}/start-redis.sh`],
            env: passwordEnv(spec),
            ports: [{ name: 'redis', containerPort: REDIS_PORT }],
            readinessProbe: execProbe(`redis-cli --no-auth-warning -h 127.0.0.1 -p ${REDIS_PORT} ping | grep -q PONG`, 2),
            resources: spec.resources,
            volumeMounts: [{ name: 'data', mountPath: DATA_DIR }, { name: 'conf', mountPath: CONF_DIR }, { name: 'run', mountPath: RUN_DIR }],
          }],
          volumes: [{ name: 'conf', configMap: { name: n.configMap } }, { name: 'run', emptyDir: {} }],
        },
      },
      volumeClaimTemplates: [claim],
    },
  };
}

function sentinelStatefulSet(rr: RedisReplication, spec: ResolvedSpec): Obj {
  const n = namesOf(spec);
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta(rr, spec, n.sentinel, 'sentinel'),
    spec: {
      serviceName: n.sentinel,
      replicas: spec.sentinel.replicas,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: selector(spec, 'sentinel') },
      template: {
        metadata: { labels: labels(spec, 'sentinel'), annotations: { 'ordinal.dev/config-hash': hashOf(sentinelStartScript(spec)) } },
        spec: {
          terminationGracePeriodSeconds: 5,
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector(spec, 'sentinel') } } }] } },
          containers: [{
            name: 'sentinel',
            image: spec.image,
            command: ['sh', '-c', `exec sh ${CONF_DIR}/start-sentinel.sh`],
            env: passwordEnv(spec),
            ports: [{ name: 'sentinel', containerPort: SENTINEL_PORT }],
            readinessProbe: execProbe(`redis-cli -h 127.0.0.1 -p ${SENTINEL_PORT} ping | grep -q PONG`, 2),
            volumeMounts: [{ name: 'conf', mountPath: CONF_DIR }, { name: 'sentinel', mountPath: SENTINEL_DIR }],
          }],
          volumes: [{ name: 'conf', configMap: { name: n.configMap } }, { name: 'sentinel', emptyDir: {} }],
        },
      },
    },
  };
}

/** Everything but the Secret, each stamped with its render hash, in creation order. */
export function renderOwned(rr: RedisReplication, spec: ResolvedSpec): Obj[] {
  const n = namesOf(spec);
  return [
    renderConfigMap(rr, spec),
    headless(rr, spec, n.redis, 'redis', REDIS_PORT),
    headless(rr, spec, n.sentinel, 'sentinel', SENTINEL_PORT),
    clientService(rr, spec),
    redisStatefulSet(rr, spec),
    sentinelStatefulSet(rr, spec),
  ].map(stamped);
}
