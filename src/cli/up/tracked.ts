/** What `up` waits for and reports on: the objects of the applied files. Pure. */
import { resourcePath, type ResolvedResource } from '../../client/index.js';
import { byOrdinal, controllingSetOf, isPodDone, nameOf, namespaceOf, type KubeObject } from './objects.js';

export interface ObjectRef {
  namespace: string;
  name: string;
}

export interface Tracked {
  /** StatefulSets (group apps) from the files: ready when every replica is ready and updated. */
  statefulSets: ObjectRef[];
  /** Pods from the files (not owned by a set): Ready or Succeeded. */
  pods: ObjectRef[];
  /** Services and claims from the files, for the summary. */
  services: ObjectRef[];
  claims: ObjectRef[];
  /** ordinal's own kinds (RedisCluster, ...): ready when their operator says Ready for this generation. */
  operated: OperatedRef[];
}

export interface OperatedRef extends ObjectRef {
  kind: string;
  path: string;
}

/** The group of ordinal's own kinds (the operators'). */
export const OPERATED_GROUP = 'ordinal.dev';

/** Everything `up` observed in one poll of the namespaces of the tracked objects. */
export interface ClusterView {
  statefulSets: KubeObject[];
  pods: KubeObject[];
  claims: KubeObject[];
  services: KubeObject[];
  events: KubeObject[];
  nodes: KubeObject[];
  storageClasses: KubeObject[];
  volumes: KubeObject[];
  /** The tracked objects of ordinal's own kinds that exist. */
  operated: KubeObject[];
}

interface AppliedObject {
  resource: Pick<ResolvedResource, 'group' | 'version' | 'resource' | 'namespaced' | 'kind'>;
  namespace: string | undefined;
  name: string;
}

export function trackedFrom(applied: AppliedObject[]): Tracked {
  const t: Tracked = { statefulSets: [], pods: [], services: [], claims: [], operated: [] };
  for (const a of applied) {
    const ref = { namespace: a.namespace ?? '', name: a.name };
    const { group, kind } = a.resource;
    if (group === 'apps' && kind === 'StatefulSet') t.statefulSets.push(ref);
    else if (group === '' && kind === 'Pod') t.pods.push(ref);
    else if (group === '' && kind === 'Service') t.services.push(ref);
    else if (group === '' && kind === 'PersistentVolumeClaim') t.claims.push(ref);
    else if (group === OPERATED_GROUP) t.operated.push({ ...ref, kind, path: resourcePath(a.resource, { namespace: ref.namespace, name: ref.name }) });
  }
  return t;
}

export const isEmpty = (t: Tracked): boolean => t.statefulSets.length === 0 && t.pods.length === 0 && t.operated.length === 0;

/** The Ready condition of an operated object. */
export const readyConditionOf = (o: KubeObject): KubeObject | undefined => (o['status']?.conditions ?? []).find((c: KubeObject) => c['type'] === 'Ready');

/** Its operator saw this generation and says Ready. */
export function isOperatedReady(o: KubeObject): boolean {
  return readyConditionOf(o)?.['status'] === 'True' && (o['status']?.observedGeneration ?? -1) >= (o['metadata']?.generation ?? 0);
}

/** `Ready` or what its operator says it waits for. */
export function operatedText(o: KubeObject): string {
  const c = readyConditionOf(o);
  if (isOperatedReady(o)) return 'Ready';
  return c ? `${String(c['reason'])}: ${String(c['message'])}` : 'waiting for its operator';
}

export const operatedSubject = (r: OperatedRef): string => `${r.kind.toLowerCase()}/${r.namespace === 'default' || !r.namespace ? r.name : `${r.namespace}/${r.name}`}`;

export function trackedNamespaces(t: Tracked): string[] {
  return [...new Set([...t.statefulSets, ...t.pods, ...t.services, ...t.claims, ...t.operated].map((r) => r.namespace))].sort();
}

const sameRef = (o: KubeObject, r: ObjectRef): boolean => nameOf(o) === r.name && namespaceOf(o) === r.namespace;
export const findRef = (list: KubeObject[], r: ObjectRef): KubeObject | undefined => list.find((o) => sameRef(o, r));

export const desiredReplicas = (set: KubeObject): number => (typeof set['spec']?.replicas === 'number' ? set['spec'].replicas : 1);

/** As `kubectl rollout status`: the controller saw this generation, every replica ready and on the update revision. */
export function isStatefulSetReady(set: KubeObject): boolean {
  const s = set['status'] ?? {};
  const want = desiredReplicas(set);
  if ((s.observedGeneration ?? 0) < (set['metadata']?.generation ?? 0)) return false;
  if ((s.readyReplicas ?? 0) < want || (s.replicas ?? 0) !== want) return false;
  if (s.updateRevision && s.currentRevision !== s.updateRevision) return false;
  return true;
}

/** The pods of a set, in ordinal order. */
export function podsOfSet(view: ClusterView, set: KubeObject): KubeObject[] {
  return view.pods.filter((p) => namespaceOf(p) === namespaceOf(set) && controllingSetOf(p) === nameOf(set)).sort(byOrdinal);
}

/** The pods `up` watches: those of tracked sets and the tracked bare pods. */
export function watchedPods(view: ClusterView, t: Tracked): KubeObject[] {
  const sets = t.statefulSets.map((r) => findRef(view.statefulSets, r)).filter((s): s is KubeObject => s !== undefined);
  const fromSets = sets.flatMap((s) => podsOfSet(view, s));
  const bare = t.pods.map((r) => findRef(view.pods, r)).filter((p): p is KubeObject => p !== undefined);
  return [...fromSets, ...bare];
}

export function isAllReady(view: ClusterView, t: Tracked): boolean {
  const setsReady = t.statefulSets.every((r) => {
    const set = findRef(view.statefulSets, r);
    return set !== undefined && isStatefulSetReady(set);
  });
  const podsReady = t.pods.every((r) => {
    const pod = findRef(view.pods, r);
    return pod !== undefined && isPodDone(pod);
  });
  const operatedReady = t.operated.every((r) => {
    const o = findRef(view.operated, r);
    return o !== undefined && isOperatedReady(o);
  });
  return setsReady && podsReady && operatedReady;
}
