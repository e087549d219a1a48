/**
 * Pure rendering of the objects a RedisCluster owns: the password Secret (only when generated; its
 * value is filled in by act, never here), the ConfigMap with redis.conf, the headless and client
 * Services, the PodDisruptionBudget and the StatefulSet. Every object carries an ownerReference.
 */
import { BUS_PORT, CLUSTER_LABEL, podCount, REDIS_PORT, resolveSpec, type RedisCluster, type ResolvedSpec } from './types.js';
import { authConfLines } from '../redis/index.js';
import { hashOf, stampHash } from '../framework/render-hash.js';

type Obj = Record<string, unknown>;

export const DATA_DIR = '/data';
export const CONF_DIR = '/etc/redis';
export const PASSWORD_ENV = 'REDIS_PASSWORD';
/** On the pod template: a hash of redis.conf, so a config change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = 'ordinal.dev/config-hash';

export const names = (name: string) => ({
  statefulSet: name,
  headless: `${name}-headless`,
  client: name,
  configMap: `${name}-config`,
  pdb: name,
  secret: `${name}-auth`,
});

export function selectorLabels(rc: RedisCluster): Record<string, string> {
  return { [CLUSTER_LABEL]: rc.metadata.name };
}

function labels(rc: RedisCluster): Record<string, string> {
  return { 'app.kubernetes.io/name': 'redis-cluster', 'app.kubernetes.io/instance': rc.metadata.name, 'app.kubernetes.io/managed-by': 'ordinal', ...selectorLabels(rc) };
}

function meta(rc: RedisCluster, name: string): Obj {
  return {
    name,
    namespace: rc.metadata.namespace,
    labels: labels(rc),
    ownerReferences: [{ apiVersion: rc.apiVersion, kind: 'RedisCluster', name: rc.metadata.name, uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }],
  };
}

/** redis.conf: cluster mode, persistence on the volume, fast first sync, then spec.config. */
export function renderRedisConf(spec: ResolvedSpec): string {
  const base: Record<string, string> = {
    port: String(REDIS_PORT),
    'cluster-enabled': 'yes',
    'cluster-config-file': `${DATA_DIR}/nodes.conf`,
    'cluster-node-timeout': '5000',
    dir: DATA_DIR,
    appendonly: 'yes',
    'repl-diskless-sync-delay': '0',
  };
  const all = { ...base, ...spec.config };
  return Object.entries(all).map(([k, v]) => `${k} ${v}`).join('\n') + '\n';
}

/** The Secret to create when the password is generated; act adds the value. */
export function renderSecret(rc: RedisCluster): Obj {
  return { apiVersion: 'v1', kind: 'Secret', metadata: meta(rc, names(rc.metadata.name).secret), type: 'Opaque', data: {} };
}

export function renderConfigMap(rc: RedisCluster): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(rc, names(rc.metadata.name).configMap), data: { 'redis.conf': renderRedisConf(resolveSpec(rc)) } };
}

export function renderHeadlessService(rc: RedisCluster): Obj {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: meta(rc, names(rc.metadata.name).headless),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: selectorLabels(rc),
      ports: [{ name: 'redis', port: REDIS_PORT, targetPort: REDIS_PORT }, { name: 'bus', port: BUS_PORT, targetPort: BUS_PORT }],
    },
  };
}

export function renderClientService(rc: RedisCluster): Obj {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: meta(rc, names(rc.metadata.name).client),
    spec: { selector: selectorLabels(rc), ports: [{ name: 'redis', port: REDIS_PORT, targetPort: REDIS_PORT }] },
  };
}

export function renderPdb(rc: RedisCluster): Obj {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(rc, names(rc.metadata.name).pdb), spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(rc) } } };
}

/** How pods of one cluster avoid sharing a node (see antiAffinityFor in observe.ts). */
export type AntiAffinity = 'required' | 'preferred';

/**
 * The StatefulSet. Its update strategy is OnDelete: the operator restarts pods itself (replicas
 * first, a master only after handing its slots to a replica). The pod template carries a hash of
 * redis.conf, so a config change is a new revision.
 */
export function renderStatefulSet(rc: RedisCluster, antiAffinity: AntiAffinity = 'preferred'): Obj {
  const spec = resolveSpec(rc);
  const n = names(rc.metadata.name);
  const replicas = podCount(spec);
  const term = { labelSelector: { matchLabels: selectorLabels(rc) }, topologyKey: 'kubernetes.io/hostname' };
  const podAntiAffinity = antiAffinity === 'required'
    ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
    : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] };
  const passwordRef = { secretKeyRef: { name: spec.passwordSecret.name, key: spec.passwordSecret.key } };
  const claim: Obj = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: spec.storage.size } } };
  if (spec.storage.storageClassName) claim['storageClassName'] = spec.storage.storageClassName;
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta(rc, n.statefulSet),
    spec: {
      serviceName: n.headless,
      replicas,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'OnDelete' },
      selector: { matchLabels: selectorLabels(rc) },
      template: {
        metadata: { labels: labels(rc), annotations: { [CONFIG_HASH_ANNOTATION]: hashOf(renderRedisConf(spec)) } },
        spec: {
          terminationGracePeriodSeconds: 20,
          affinity: { podAntiAffinity },
          containers: [{
            name: 'redis',
            image: spec.image,
            command: ['sh', '-c', START_SCRIPT],
            env: [
              { name: PASSWORD_ENV, valueFrom: passwordRef },
              // redis-cli reads REDISCLI_AUTH: probes and `kubectl exec ... redis-cli` authenticate without -a
              { name: 'REDISCLI_AUTH', valueFrom: passwordRef },
            ],
            ports: [{ name: 'redis', containerPort: REDIS_PORT }, { name: 'bus', containerPort: BUS_PORT }],
            readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 3 },
            livenessProbe: { tcpSocket: { port: REDIS_PORT }, initialDelaySeconds: 10, periodSeconds: 10 },
            lifecycle: { preStop: { exec: { command: ['sh', '-c', HANDOVER_SCRIPT] } } },
            resources: spec.resources,
            volumeMounts: [{ name: 'config', mountPath: CONF_DIR }, { name: 'data', mountPath: DATA_DIR }],
          }],
          volumes: [{ name: 'config', configMap: { name: n.configMap } }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: claim }],
    },
  };
}

/**
 * preStop of a master: ask one of its healthy replicas for `CLUSTER FAILOVER` (a handover without
 * acknowledged-write loss) and wait until this node is a replica, so a deleted or drained master
 * pod comes back as a replica instead of leaving its slots down until the node timeout.
 */
/** Starts redis-server with the password from a 0600 include file, not on its command line. */
export const START_SCRIPT = [
  'set -e',
  'CONF=/tmp/redis-auth.conf',
  ': > "$CONF"; chmod 600 "$CONF"',
  ...authConfLines('$CONF'),
  `exec redis-server ${CONF_DIR}/redis.conf --include "$CONF"`,
].join('\n');

export const HANDOVER_SCRIPT = [
  'id=$(redis-cli cluster myid) || exit 0',
  // up to 4 attempts of 5 s (Redis gives a manual failover 5 s), each on the next replica this master
  // lists; a master ignores the request of a replica it does not list yet (gossip), so wait for one
  'for attempt in 1 2 3 4; do',
  '  redis-cli role | head -n 1 | grep -q master || exit 0',
  '  r=$(redis-cli cluster replicas "$id" | grep -v fail | sed -n "${attempt}p;1p" | tail -n 1 | cut -d" " -f2 | cut -d@ -f1)',
  '  if [ -z "$r" ]; then sleep 1; continue; fi',
  '  redis-cli -h "${r%:*}" -p "${r##*:}" cluster failover >/dev/null 2>&1 || true',
  '  i=0; while [ $i -lt 25 ]; do redis-cli role | head -n 1 | grep -q slave && exit 0; sleep 0.2; i=$((i+1)); done',
  'done'].join('\n');

/**
 * The render hash of an owned object. The Secret's value is act's and the StatefulSet's replicas
 * belong to the scale operations, so neither is part of its hash (nor of an update).
 */
function stamp(obj: Obj): Obj {
  if (obj['kind'] === 'Secret') return stampHash(obj, { kind: 'Secret', metadata: obj['metadata'], type: obj['type'] });
  if (obj['kind'] === 'StatefulSet') {
    const { replicas: _replicas, ...spec } = obj['spec'] as Obj;
    return stampHash(obj, { ...obj, spec });
  }
  return stampHash(obj);
}

/** Every owned object with its render hash, in creation order (the Secret first when generated). */
export function renderAll(rc: RedisCluster, antiAffinity: AntiAffinity = 'preferred'): Obj[] {
  const out: Obj[] = [];
  if (resolveSpec(rc).passwordSecret.generated) out.push(renderSecret(rc));
  out.push(renderConfigMap(rc), renderHeadlessService(rc), renderClientService(rc), renderPdb(rc), renderStatefulSet(rc, antiAffinity));
  return out.map(stamp);
}
