/**
 * Observe (read only): the custom resource and pods from the informers' caches, the owned objects'
 * render hashes and the password from the API, and each Redis and Sentinel pod's own view.
 */
import type { KubeClient } from '../../client/index.js';
import type { Informer, KubeObject } from '../../controllers/runtime/index.js';
import { namesOf, REDIS_PORT, REPLICATION_LABEL, resolveSpec, ROLE_LABEL, SENTINEL_PORT, type RedisReplication } from './kind.js';
import { pairs, parseInfo, withRedis } from './engine.js';
import type { Observed, RedisPodView, SentinelView } from './observed.js';
import { HASH_ANNOTATION, REDIS_ROLE_LABEL, renderOwned } from './render.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function objectPath(obj: Obj): string {
  const ns = obj['metadata'].namespace as string;
  const name = obj['metadata'].name as string;
  switch (obj['kind']) {
    case 'StatefulSet': return `/apis/apps/v1/namespaces/${ns}/statefulsets/${name}`;
    case 'Service': return `/api/v1/namespaces/${ns}/services/${name}`;
    case 'ConfigMap': return `/api/v1/namespaces/${ns}/configmaps/${name}`;
    case 'Secret': return `/api/v1/namespaces/${ns}/secrets/${name}`;
    default: throw new Error(`no path for kind ${String(obj['kind'])}`);
  }
}

export async function readPassword(client: KubeClient, namespace: string, secret: { name: string; key: string }): Promise<string | undefined> {
  const s = await client.getIfExists<Obj>(`/api/v1/namespaces/${namespace}/secrets/${secret.name}`);
  const v = s?.['data']?.[secret.key];
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}

const isReady = (p: Obj): boolean => (p['status']?.conditions ?? []).some((c: Obj) => c['type'] === 'Ready' && c['status'] === 'True');

async function redisView(pod: Obj, password: string | undefined): Promise<RedisPodView> {
  const ip = pod['status']?.podIP as string | undefined;
  const base: RedisPodView = {
    pod: pod['metadata'].name, ready: isReady(pod), deleting: !!pod['metadata'].deletionTimestamp, reachable: false,
    ...(ip ? { ip } : {}),
    ...(pod['metadata'].labels?.['controller-revision-hash'] ? { revision: pod['metadata'].labels['controller-revision-hash'] } : {}),
    ...(pod['metadata'].labels?.[REDIS_ROLE_LABEL] ? { roleLabel: pod['metadata'].labels[REDIS_ROLE_LABEL] } : {}),
    ...(pod['spec']?.nodeName ? { nodeName: pod['spec'].nodeName } : {}),
  };
  if (!ip || password === undefined) return base;
  try {
    const [text, conf] = await withRedis({ host: ip, port: REDIS_PORT, password }, async (r) => [await r.info('replication'), (await r.config('GET', 'replica-priority')) as string[]] as const);
    const info = parseInfo(text);
    const role = info['role'] === 'slave' ? 'slave' : 'master';
    const offset = Number(role === 'slave' ? info['slave_repl_offset'] : info['master_repl_offset']);
    const priority = Number(conf[1]);
    return {
      ...base, reachable: true, role,
      ...(Number.isFinite(offset) ? { offset } : {}),
      ...(conf[1] !== undefined && Number.isFinite(priority) ? { priority } : {}),
      ...(role === 'slave' ? { masterHost: info['master_host'], linkStatus: info['master_link_status'] === 'up' ? 'up' : 'down' } : { connectedReplicas: Number(info['connected_slaves'] ?? 0) }),
    };
  } catch {
    return base;
  }
}

async function sentinelView(pod: Obj, masterName: string): Promise<SentinelView> {
  const ip = pod['status']?.podIP as string | undefined;
  const base: SentinelView = { pod: pod['metadata'].name, reachable: false };
  if (!ip || pod['metadata'].deletionTimestamp) return base;
  try {
    return await withRedis({ host: ip, port: SENTINEL_PORT }, async (r) => {
      const addr = (await r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)) as string[] | null;
      const master = pairs(await r.call('SENTINEL', 'MASTER', masterName));
      const replicas = ((await r.call('SENTINEL', 'REPLICAS', masterName)) as unknown[]).map(pairs);
      const down = replicas.filter((x) => /s_down/.test(x['flags'] ?? '')).map((x) => x['ip'] ?? '');
      const unlinked = replicas.filter((x) => /s_down|disconnected/.test(x['flags'] ?? '')).map((x) => x['ip'] ?? '');
      const replicaPriorities = Object.fromEntries(replicas.filter((x) => x['ip'] && x['slave-priority'] !== undefined).map((x) => [x['ip']!, Number(x['slave-priority'])]));
      return {
        ...base, reachable: true,
        ...(addr?.[0] ? { master: addr[0] } : {}),
        downReplicas: down,
        unlinkedReplicas: unlinked,
        replicaPriorities,
        healthyReplicas: replicas.filter((x) => x['flags'] === 'slave' && x['ip']).map((x) => x['ip']!),
        otherSentinels: Number(master['num-other-sentinels'] ?? 0),
        failoverInProgress: /failover_in_progress|promoted/.test(master['flags'] ?? ''),
      };
    });
  } catch {
    return base;
  }
}

export interface ObserveDeps {
  client: KubeClient;
  pods: Informer;
  now(): Date;
}

export async function observe(deps: ObserveDeps, rr: RedisReplication): Promise<Observed> {
  const spec = resolveSpec(rr);
  const n = namesOf(spec);
  const desired = renderOwned(rr, spec);
  const existing: Record<string, string> = {};
  let updateRevision: string | undefined;
  await Promise.all(desired.map(async (obj) => {
    const cur = await deps.client.getIfExists<Obj>(objectPath(obj));
    if (!cur) return;
    existing[`${obj['kind']}/${obj['metadata'].name}`] = cur['metadata']?.annotations?.[HASH_ANNOTATION] ?? '';
    if (obj['kind'] === 'StatefulSet' && obj['metadata'].name === n.redis) updateRevision = cur['status']?.updateRevision;
  }));
  const password = await readPassword(deps.client, spec.namespace, spec.passwordSecret);
  const mine = deps.pods.list(spec.namespace).filter((p) => p['metadata'].labels?.[REPLICATION_LABEL] === spec.name);
  const byOrdinal = (a: KubeObject, b: KubeObject): number => String(a['metadata'].name).localeCompare(String(b['metadata'].name), undefined, { numeric: true });
  const redisPods = mine.filter((p) => p['metadata'].labels?.[ROLE_LABEL] === 'redis').sort(byOrdinal);
  const sentinelPods = mine.filter((p) => p['metadata'].labels?.[ROLE_LABEL] === 'sentinel').sort(byOrdinal);
  const [redis, sentinels] = await Promise.all([
    Promise.all(redisPods.map((p) => redisView(p, password))),
    Promise.all(sentinelPods.map((p) => sentinelView(p, n.masterName))),
  ]);
  return {
    rr, spec, now: deps.now().toISOString(), secretExists: password !== undefined, existing, desired,
    ...(updateRevision ? { updateRevision } : {}), redis, sentinels,
  };
}
