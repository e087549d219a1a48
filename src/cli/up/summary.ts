/**
 * The summary `up` prints at the end: each StatefulSet with its pods (node, IP, ready, restarts),
 * each Service with its ClusterIP, ports and DNS names, the claims and their volumes, and what to
 * try next. Pure.
 */
import { alignRows } from '../print/align.js';
import { containerStatusesOf, isPodReady, nameOf, namespaceOf, type KubeObject } from './objects.js';
import { shortRef, setProgressText } from './progress.js';
import { findRef, isOperatedReady, operatedSubject, operatedText, podsOfSet, readyConditionOf, watchedPods, type ClusterView, type Tracked } from './tracked.js';

export interface SummaryOptions {
  /** The flags that reach this data dir (`--data-dir D`, or '' for the default one). */
  dataDirFlag: string;
  kubeconfigPath: string;
  clusterDomain?: string;
}

/** A command that shows the service inside a pod works, by image name. */
const probeCommands: Record<string, string> = {
  redis: 'redis-cli info replication',
  etcd: 'etcdctl endpoint health',
  zookeeper: 'zkServer.sh status',
  mysql: 'mysql -e "select version()"',
  mariadb: 'mariadb -e "select version()"',
};

/** `docker.io/library/redis:7@sha256:...` -> `redis`. */
export function imageBaseName(image: string): string {
  const last = image.split('@')[0]!.split('/').pop() ?? '';
  return last.split(':')[0] ?? '';
}

export function hintCommand(image: string): string {
  return probeCommands[imageBaseName(image)] ?? 'sh';
}

function podRow(pod: KubeObject): string[] {
  const statuses: KubeObject[] = pod['status']?.containerStatuses ?? [];
  const total = (pod['spec']?.containers ?? []).length;
  const ready = statuses.filter((s) => s['ready'] === true).length;
  const restarts = containerStatusesOf(pod).reduce((n, s) => n + (Number(s['restartCount']) || 0), 0);
  const state = pod['status']?.phase === 'Succeeded' ? ' (completed)' : pod['status']?.phase === 'Failed' ? ' (failed)' : isPodReady(pod) ? '' : ' (not ready)';
  return [nameOf(pod), pod['spec']?.nodeName ?? '<none>', pod['status']?.podIP ?? '<none>', `${ready}/${total}${state}`, String(restarts)];
}

function portsOf(svc: KubeObject): string {
  const ports: KubeObject[] = svc['spec']?.ports ?? [];
  return ports.map((p) => `${p['port']}${p['nodePort'] ? `:${p['nodePort']}` : ''}/${p['protocol'] ?? 'TCP'}`).join(',') || '<none>';
}

function serviceLines(view: ClusterView, svc: KubeObject, domain: string): string {
  const ns = namespaceOf(svc);
  const fqdn = `${nameOf(svc)}.${ns}.svc.${domain}`;
  const ip = svc['spec']?.clusterIP;
  const headless = ip === 'None';
  let text = `service/${shortRef(svc)}  ${headless ? 'headless' : `ClusterIP ${ip ?? '<pending>'}`}  ports ${portsOf(svc)}\n`;
  text += `  DNS: ${fqdn}${headless ? ' (the ready pods\' addresses)' : ''}\n`;
  // a set governed by this service gives each pod a stable name under it
  for (const set of view.statefulSets.filter((s) => namespaceOf(s) === ns && s['spec']?.serviceName === nameOf(svc))) {
    const pods = podsOfSet(view, set).map((p) => `${nameOf(p)}.${fqdn}`);
    if (pods.length > 0) text += `  DNS: ${pods.length > 2 ? `${pods[0]} ... ${pods[pods.length - 1]}` : pods.join(', ')}\n`;
  }
  return text;
}

function claimRows(view: ClusterView, claims: KubeObject[]): string[][] {
  return claims.map((c) => {
    const volume = view.volumes.find((v) => nameOf(v) === c['spec']?.volumeName);
    const spec = volume?.['spec'] ?? {};
    const rbd = spec.rbd ?? (spec.csi?.driver === 'rbd.csi.ceph.com' ? { pool: spec.csi.volumeAttributes?.pool, image: spec.csi.volumeAttributes?.imageName } : undefined);
    // where the data is: a directory, or an RBD image
    const path = spec.local?.path ?? spec.hostPath?.path ?? (rbd ? `rbd ${rbd.pool ?? 'rbd'}/${rbd.image}` : '');
    // a claim that named no class shows the class its volume came from
    const storageClass = c['spec']?.storageClassName ?? spec.storageClassName ?? '';
    return [shortRef(c), c['status']?.phase ?? 'Pending', c['spec']?.volumeName || '<none>', c['status']?.capacity?.storage ?? c['spec']?.resources?.requests?.storage ?? '', storageClass, path];
  });
}

export function formatSummary(view: ClusterView, tracked: Tracked, options: SummaryOptions): string {
  const domain = options.clusterDomain ?? 'cluster.local';
  const flag = options.dataDirFlag ? ` ${options.dataDirFlag}` : '';
  let text = '';
  for (const ref of tracked.operated) {
    const o = findRef(view.operated, ref);
    if (o) text += `${operatedSubject(ref)}  ${operatedText(o)}${isOperatedReady(o) ? `: ${String(readyConditionOf(o)?.['message'] ?? '')}` : ''}\n`;
  }
  for (const ref of tracked.statefulSets) {
    const set = findRef(view.statefulSets, ref);
    if (!set) continue;
    text += `statefulset/${shortRef(set)}  ${setProgressText(set)}\n`;
    const pods = podsOfSet(view, set);
    if (pods.length > 0) text += alignRows([['POD', 'NODE', 'IP', 'READY', 'RESTARTS'], ...pods.map(podRow)], undefined, '  ');
  }
  const bare = tracked.pods.map((r) => findRef(view.pods, r)).filter((p): p is KubeObject => p !== undefined);
  if (bare.length > 0) text += 'pods\n' + alignRows([['POD', 'NODE', 'IP', 'READY', 'RESTARTS'], ...bare.map(podRow)], undefined, '  ');
  const governing = new Set(view.statefulSets.map((s) => `${namespaceOf(s)}/${s['spec']?.serviceName ?? ''}`));
  const services = view.services.filter(
    (s) => governing.has(`${namespaceOf(s)}/${nameOf(s)}`) || tracked.services.some((r) => r.name === nameOf(s) && r.namespace === namespaceOf(s)),
  );
  for (const svc of services) text += serviceLines(view, svc, domain);
  const pods = watchedPods(view, tracked);
  const claimNames = new Set([
    ...pods.flatMap((p) => ((p['spec']?.volumes ?? []) as KubeObject[]).map((v) => `${namespaceOf(p)}/${v['persistentVolumeClaim']?.claimName ?? ''}`)),
    ...tracked.claims.map((r) => `${r.namespace}/${r.name}`),
  ]);
  const claims = view.claims.filter((c) => claimNames.has(`${namespaceOf(c)}/${nameOf(c)}`));
  if (claims.length > 0) text += 'claims\n' + alignRows([['CLAIM', 'STATUS', 'VOLUME', 'CAPACITY', 'STORAGECLASS', 'PATH'], ...claimRows(view, claims)], undefined, '  ');
  text += 'next steps\n';
  const first = pods[0];
  if (first) {
    const ns = namespaceOf(first) === 'default' ? '' : ` -n ${namespaceOf(first)}`;
    const image = String(first['spec']?.containers?.[0]?.image ?? '');
    text += `  ordinal exec${ns}${flag} ${nameOf(first)} -- ${hintCommand(image)}\n`;
    text += `  ordinal logs${ns}${flag} ${nameOf(first)}\n`;
  }
  for (const ref of tracked.operated) {
    const ns = ref.namespace === 'default' || !ref.namespace ? '' : ` -n ${ref.namespace}`;
    text += `  ordinal describe${ns}${flag} ${ref.kind.toLowerCase()} ${ref.name}\n`;
  }
  text += `  kubectl --kubeconfig ${options.kubeconfigPath} get pods,svc,pvc -A -o wide\n`;
  text += `  ordinal down${flag}    (stops the control plane and its pods; the data is kept)\n`;
  return text;
}
