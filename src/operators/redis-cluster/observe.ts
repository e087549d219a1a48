/**
 * Observe (read only): the RedisCluster's owned objects, its pods from the informer, and for each
 * running pod what Redis itself says (CLUSTER MYID, CLUSTER NODES, CLUSTER INFO, INFO replication).
 * One unreachable pod is recorded in its view, never thrown.
 */
import type { KubeClient } from '../../client/index.js';
import type { Informer, KubeObject } from '../../controllers/runtime/types.js';
import { parseClusterNodes, parseInfo, type ClusterNodeLine } from './cluster-nodes.js';
import { command, describeError, withRedis } from '../redis/index.js';
import { renderHashOf } from '../framework/render-hash.js';
import { renderAll, type AntiAffinity } from './render.js';
import { CLUSTER_LABEL, podCount, resolveSpec, type RedisCluster, type ResolvedSpec } from './types.js';

export interface ObservedPod {
  name: string;
  ordinal: number;
  nodeName?: string;
  ip?: string;
  phase: string;
  ready: boolean;
  deleting: boolean;
  /** controller-revision-hash: the StatefulSet revision the pod was made from. */
  revision?: string;
}

/** What one Redis node says about the cluster. */
export interface NodeView {
  pod: string;
  ip: string;
  id?: string;
  nodes?: ClusterNodeLine[];
  clusterInfo?: Record<string, string>;
  replication?: Record<string, string>;
  error?: string;
}

export interface Observed {
  rc: RedisCluster;
  spec: ResolvedSpec;
  /** `Kind/name` of owned objects that exist. */
  existing: string[];
  /** `Kind/name` -> the render hash it carries ('' when none). */
  hashes: Record<string, string>;
  /** How the StatefulSet spreads pods (kept as created; relaxed only when pods could not schedule). */
  antiAffinity: AntiAffinity;
  /** The StatefulSet's update revision: pods with another revision run an outdated template. */
  updateRevision?: string;
  /** The password Secret (or key) is missing. */
  passwordMissing: boolean;
  pods: ObservedPod[];
  views: NodeView[];
  nodeCount: number;
  /** spec.replicas of the StatefulSet, when it exists. */
  statefulSetReplicas?: number;
  now: string;
}

export const objectRef = (o: Record<string, unknown>): string => `${String(o['kind'])}/${String((o['metadata'] as KubeObject)['name'])}`;

function collectionPath(kind: string, namespace: string, name: string): string {
  const core: Record<string, string> = { Secret: 'secrets', ConfigMap: 'configmaps', Service: 'services' };
  if (core[kind]) return `/api/v1/namespaces/${namespace}/${core[kind]}/${name}`;
  if (kind === 'StatefulSet') return `/apis/apps/v1/namespaces/${namespace}/statefulsets/${name}`;
  if (kind === 'PodDisruptionBudget') return `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets/${name}`;
  throw new Error(`unknown kind ${kind}`);
}
export const objectPath = (o: Record<string, unknown>): string => {
  const m = o['metadata'] as KubeObject;
  return collectionPath(String(o['kind']), m['namespace'], m['name']);
};

export function podOrdinal(name: string): number {
  const m = /-(\d+)$/.exec(name);
  return m ? Number(m[1]) : -1;
}

function observePod(p: KubeObject): ObservedPod {
  const ready = (p['status']?.conditions ?? []).some((c: KubeObject) => c['type'] === 'Ready' && c['status'] === 'True');
  return {
    name: p['metadata'].name,
    ordinal: podOrdinal(p['metadata'].name),
    ...(p['spec']?.nodeName ? { nodeName: p['spec'].nodeName } : {}),
    ...(p['status']?.podIP ? { ip: p['status'].podIP } : {}),
    phase: p['status']?.phase ?? 'Pending',
    ready,
    deleting: Boolean(p['metadata'].deletionTimestamp),
    ...(p['metadata'].labels?.['controller-revision-hash'] ? { revision: p['metadata'].labels['controller-revision-hash'] } : {}),
  };
}

/** Reads the password (undefined when the Secret or key is missing). Never logged. */
export async function readPassword(client: KubeClient, rc: RedisCluster): Promise<string | undefined> {
  const ref = resolveSpec(rc).passwordSecret;
  const secret = await client.getIfExists<KubeObject>(`/api/v1/namespaces/${rc.metadata.namespace}/secrets/${ref.name}`);
  const b64 = secret?.['data']?.[ref.key];
  return typeof b64 === 'string' ? Buffer.from(b64, 'base64').toString('utf8') : undefined;
}

export async function viewNode(pod: string, ip: string, password: string | undefined): Promise<NodeView> {
  try {
    return await withRedis({ host: ip, password }, async (r) => {
      const id = (await command(r, 'CLUSTER', 'MYID')).trim();
      const nodes = parseClusterNodes(await command(r, 'CLUSTER', 'NODES'));
      const clusterInfo = parseInfo(await command(r, 'CLUSTER', 'INFO'));
      const replication = parseInfo(await command(r, 'INFO', 'replication'));
      return { pod, ip, id, nodes, clusterInfo, replication };
    });
  } catch (err) {
    return { pod, ip, error: describeError(err) };
  }
}

export interface ObserveDeps {
  client: KubeClient;
  pods: Informer;
  nodes: Informer;
  now(): Date;
}

export async function observe(deps: ObserveDeps, rc: RedisCluster): Promise<{ observed: Observed; password: string | undefined }> {
  const ns = rc.metadata.namespace;
  const spec = resolveSpec(rc);
  const existing: string[] = [];
  const hashes: Record<string, string> = {};
  let statefulSetReplicas: number | undefined;
  let statefulSet: KubeObject | undefined;
  for (const o of renderAll(rc)) {
    const found = await deps.client.getIfExists<KubeObject>(objectPath(o));
    if (!found) continue;
    existing.push(objectRef(o));
    hashes[objectRef(o)] = renderHashOf(found);
    if (o['kind'] === 'StatefulSet') {
      statefulSet = found;
      if (typeof found['spec']?.replicas === 'number') statefulSetReplicas = found['spec'].replicas;
    }
  }
  const updateRevision: string | undefined = statefulSet?.['status']?.updateRevision || undefined;
  const password = await readPassword(deps.client, rc);
  const pods = deps.pods.list(ns)
    .filter((p) => p['metadata']?.labels?.[CLUSTER_LABEL] === rc.metadata.name)
    .map(observePod)
    .sort((a, b) => a.ordinal - b.ordinal);
  const running = pods.filter((p) => p.ip && p.phase === 'Running' && !p.deleting);
  const views = await Promise.all(running.map((p) => viewNode(p.name, p.ip!, password)));
  const allNodes = deps.nodes.list();
  const nodeCount = allNodes.filter((n) => !n['spec']?.unschedulable).length;
  const antiAffinity = antiAffinityFor(statefulSet, nodeCount, allNodes.length, podCount(spec));
  return {
    observed: {
      rc, spec, existing, hashes, antiAffinity, ...(updateRevision ? { updateRevision } : {}), passwordMissing: password === undefined, pods, views, nodeCount,
      ...(statefulSetReplicas !== undefined ? { statefulSetReplicas } : {}), now: deps.now().toISOString(),
    },
    password,
  };
}

/**
 * Required anti-affinity (no two pods of the cluster on one node) when the StatefulSet is created
 * on at least as many schedulable nodes as pods, else preferred. Afterwards the StatefulSet keeps
 * what it has - a cordoned or added node must not roll every pod - except that required is relaxed
 * when the cluster has fewer nodes than pods (a scale out), since pods could not schedule.
 */
export function antiAffinityFor(statefulSet: KubeObject | undefined, schedulableNodes: number, allNodes: number, pods: number): AntiAffinity {
  if (!statefulSet) return schedulableNodes >= pods ? 'required' : 'preferred';
  const required = Boolean(statefulSet['spec']?.template?.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  return required && allNodes >= pods ? 'required' : 'preferred';
}
