/**
 * What is stuck and why, read off the objects as a user would with `kubectl describe`: the
 * scheduler's FailedScheduling message, a claim's ProvisioningFailed event or missing StorageClass,
 * a container's waiting reason (image pull, crash loop with its last exit code, config errors), a
 * failing probe's Unhealthy event, a NotReady node. Pure; the caller fetches the logs asked for.
 */
import { claimNamesOf, conditionOf, eventsFor, isPodDone, latestEvent, messageOf, nameOf, namespaceOf, type KubeObject } from './objects.js';
import { shortRef } from './progress.js';
import { desiredReplicas, findRef, isOperatedReady, isStatefulSetReady, operatedSubject, podsOfSet, readyConditionOf, watchedPods, type ClusterView, type Tracked } from './tracked.js';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
}

export interface Finding {
  /** `pod/redis-app-0`, `persistentvolumeclaim/data-web-0`, `statefulset/web`, `node/node-2`. */
  subject: string;
  reason: string;
  message: string;
  /** Will not resolve by waiting (up gives up once nothing has moved for a while). */
  blocking: boolean;
  /** The last lines of this container's log explain it. */
  log?: LogRequest;
}

const imagePullReasons = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const configReasons = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'PreStartHookError', 'PostStartHookError']);

export const logKey = (r: LogRequest): string => `${r.namespace}/${r.pod}/${r.container}${r.previous ? ' (previous)' : ''}`;

function claimFinding(view: ClusterView, claim: KubeObject, pod: KubeObject | undefined): Finding | undefined {
  const phase = claim['status']?.phase ?? 'Pending';
  if (phase === 'Bound') return undefined;
  const subject = `persistentvolumeclaim/${shortRef(claim)}`;
  if (phase === 'Lost') return { subject, reason: 'ClaimLost', message: `its volume ${claim['spec']?.volumeName ?? ''} is gone`, blocking: true };
  const failed = latestEvent(view.events, claim, 'PersistentVolumeClaim', ['ProvisioningFailed']);
  if (failed) return { subject, reason: 'ProvisioningFailed', message: messageOf(failed), blocking: true };
  const className: string | undefined = claim['spec']?.storageClassName ?? undefined;
  const cls = view.storageClasses.find((c) => nameOf(c) === className);
  if (className && !cls && !claim['spec']?.volumeName) {
    return { subject, reason: 'NoStorageClass', message: `StorageClass "${className}" does not exist (kubectl get storageclass lists the ones there are)`, blocking: true };
  }
  if (className === undefined) {
    const hasDefault = view.storageClasses.some((c) => /^true$/i.test(c['metadata']?.annotations?.['storageclass.kubernetes.io/is-default-class'] ?? ''));
    if (!hasDefault) return { subject, reason: 'NoStorageClass', message: 'no storageClassName and no default StorageClass: create a PersistentVolume that matches it', blocking: true };
  }
  if (cls?.['volumeBindingMode'] === 'WaitForFirstConsumer' && pod && !pod['spec']?.nodeName) {
    return { subject, reason: 'WaitForFirstConsumer', message: 'waiting for its pod to be scheduled', blocking: false };
  }
  const waiting = eventsFor(view.events, claim, 'PersistentVolumeClaim')[0];
  return { subject, reason: 'Pending', message: waiting ? messageOf(waiting) : 'waiting for a volume', blocking: false };
}

function containerFindings(pod: KubeObject, subject: string, view: ClusterView): Finding[] {
  const out: Finding[] = [];
  const statuses: KubeObject[] = [...(pod['status']?.initContainerStatuses ?? []), ...(pod['status']?.containerStatuses ?? [])];
  const ref = (container: string, previous: boolean): LogRequest => ({ namespace: namespaceOf(pod), pod: nameOf(pod), container, previous });
  for (const s of statuses) {
    const c = String(s['name']);
    const waiting = s['state']?.waiting;
    const terminated = s['state']?.terminated;
    const reason = String(waiting?.reason ?? '');
    if (imagePullReasons.has(reason)) {
      out.push({ subject, reason, message: `container ${c}, image "${s['image'] ?? ''}": ${waiting?.message ?? 'cannot pull the image'}`, blocking: true });
    } else if (reason === 'CrashLoopBackOff') {
      const last = s['lastState']?.terminated ?? {};
      const how = last.reason ? ` (${last.reason})` : '';
      out.push({
        subject,
        reason,
        message: `container ${c} keeps exiting: last exit code ${last.exitCode ?? '?'}${how}, ${s['restartCount'] ?? 0} restarts`,
        blocking: true,
        log: ref(c, true),
      });
    } else if (configReasons.has(reason)) {
      out.push({ subject, reason, message: `container ${c}: ${waiting?.message ?? reason}`, blocking: true });
    } else if (terminated && terminated.exitCode !== 0 && pod['status']?.phase === 'Failed') {
      out.push({ subject, reason: terminated.reason ?? 'Error', message: `container ${c} exited with code ${terminated.exitCode}`, blocking: true, log: ref(c, false) });
    } else if (s['state']?.running && s['ready'] !== true) {
      const unhealthy = latestEvent(view.events, pod, 'Pod', ['Unhealthy']);
      out.push(
        unhealthy
          ? { subject, reason: 'Unhealthy', message: messageOf(unhealthy), blocking: true }
          : { subject, reason: 'NotReady', message: `container ${c} runs but is not ready yet`, blocking: false },
      );
    }
  }
  return out;
}

function podFindings(view: ClusterView, pod: KubeObject): Finding[] {
  const subject = `pod/${shortRef(pod)}`;
  if (pod['metadata']?.deletionTimestamp) return [{ subject, reason: 'Terminating', message: 'being deleted', blocking: false }];
  const claims = claimNamesOf(pod)
    .map((n) => view.claims.find((c) => nameOf(c) === n && namespaceOf(c) === namespaceOf(pod)))
    .filter((c): c is KubeObject => c !== undefined)
    .map((c) => claimFinding(view, c, pod))
    .filter((f): f is Finding => f !== undefined);
  const node: string | undefined = pod['spec']?.nodeName;
  if (!node) {
    const ev = latestEvent(view.events, pod, 'Pod', ['FailedScheduling']);
    const cond = conditionOf(pod, 'PodScheduled');
    const message = messageOf(ev) || String(cond?.['message'] ?? '');
    const own: Finding = message
      ? { subject, reason: 'FailedScheduling', message, blocking: true }
      : { subject, reason: 'Pending', message: 'not scheduled yet', blocking: false };
    return [own, ...claims];
  }
  const out: Finding[] = [];
  const nodeObj = view.nodes.find((n) => nameOf(n) === node);
  const nodeReady = nodeObj ? conditionOf(nodeObj, 'Ready') : undefined;
  if (!nodeObj) out.push({ subject: `node/${node}`, reason: 'NodeNotFound', message: `${subject} is bound to a node that does not exist`, blocking: true });
  else if (nodeReady?.['status'] !== 'True') {
    out.push({ subject: `node/${node}`, reason: 'NodeNotReady', message: String(nodeReady?.['message'] ?? 'not Ready'), blocking: true });
  }
  if (pod['status']?.phase === 'Failed') {
    out.push({ subject, reason: pod['status']?.reason ?? 'Failed', message: pod['status']?.message ?? 'the pod failed', blocking: true });
  }
  out.push(...containerFindings(pod, subject, view));
  if (out.length === 0) {
    const warning = eventsFor(view.events, pod, 'Pod').find((e) => e['type'] === 'Warning');
    out.push(
      warning
        ? { subject, reason: String(warning['reason']), message: messageOf(warning), blocking: true }
        : (pod['status']?.containerStatuses ?? []).length === 0
          ? { subject, reason: 'Scheduled', message: `bound to ${node}; its node agent has not started the containers yet`, blocking: false }
          : { subject, reason: 'ContainerCreating', message: `starting on ${node}`, blocking: false },
    );
  }
  return [...out, ...claims];
}

function setFindings(view: ClusterView, set: KubeObject): Finding[] {
  const subject = `statefulset/${shortRef(set)}`;
  const out: Finding[] = [];
  for (const e of eventsFor(view.events, set, 'StatefulSet').filter((e) => e['type'] === 'Warning').slice(0, 1)) {
    out.push({ subject, reason: String(e['reason']), message: messageOf(e), blocking: true });
  }
  const s = set['status'] ?? {};
  if ((s.observedGeneration ?? 0) < (set['metadata']?.generation ?? 0)) {
    out.push({ subject, reason: 'NotObserved', message: 'the StatefulSet controller has not acted on it yet (are the controllers running?)', blocking: false });
  }
  const pods = podsOfSet(view, set);
  const want = desiredReplicas(set);
  if (pods.length < want && set['spec']?.podManagementPolicy !== 'Parallel') {
    const blocker = pods.find((p) => !isPodDone(p));
    if (blocker) out.push({ subject, reason: 'OrderedReady', message: `${pods.length}/${want} pods created; the next waits until ${nameOf(blocker)} is Running and Ready`, blocking: false });
  }
  if (s.updateRevision && s.currentRevision !== s.updateRevision) {
    out.push({ subject, reason: 'RollingUpdate', message: `${s.updatedReplicas ?? 0}/${want} pods on revision ${s.updateRevision}`, blocking: false });
  }
  return out;
}

/** Everything that keeps the tracked objects from being ready, in the order of the files. */
export function diagnose(view: ClusterView, tracked: Tracked): Finding[] {
  const out: Finding[] = [];
  for (const ref of tracked.statefulSets) {
    const set = findRef(view.statefulSets, ref);
    if (!set) out.push({ subject: `statefulset/${ref.name}`, reason: 'NotFound', message: `not found in namespace ${ref.namespace}`, blocking: true });
    else if (!isStatefulSetReady(set)) out.push(...setFindings(view, set));
  }
  for (const ref of tracked.pods) {
    if (!findRef(view.pods, ref)) out.push({ subject: `pod/${ref.name}`, reason: 'NotFound', message: `not found in namespace ${ref.namespace}`, blocking: true });
  }
  for (const pod of watchedPods(view, tracked)) if (!isPodDone(pod)) out.push(...podFindings(view, pod));
  for (const ref of tracked.operated) {
    const o = findRef(view.operated, ref);
    if (!o) out.push({ subject: operatedSubject(ref), reason: 'NotFound', message: `not found in namespace ${ref.namespace}`, blocking: true });
    else if (!isOperatedReady(o)) {
      const c = readyConditionOf(o);
      // its operator is at work (or waits for pods, which are diagnosed above): not blocking by itself
      out.push({ subject: operatedSubject(ref), reason: String(c?.['reason'] ?? 'NoStatus'), message: c ? String(c['message']) : 'no status yet: is its operator running (ordinal server, or ordinal operator)?', blocking: false });
    }
  }
  for (const ref of tracked.claims) {
    const claim = findRef(view.claims, ref);
    const f = claim ? claimFinding(view, claim, undefined) : undefined;
    if (f) out.push(f);
  }
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.subject}\n${f.reason}\n${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const hasBlocking = (findings: Finding[]): boolean => findings.some((f) => f.blocking);

/** The diagnosis as lines for a person; `logs` holds the text fetched for each finding's log request. */
export function formatDiagnosis(findings: Finding[], logs: ReadonlyMap<string, string> = new Map(), maxLogLines = 10): string {
  if (findings.length === 0) return 'nothing found that explains the wait\n';
  let text = '';
  for (const f of findings) {
    text += `  ${f.subject}: ${f.reason}: ${f.message}\n`;
    const log = f.log ? logs.get(logKey(f.log)) : undefined;
    if (f.log && log !== undefined) {
      const lines = log.replace(/\n$/, '').split('\n').slice(-maxLogLines);
      text += `    last ${lines.length} log line${lines.length === 1 ? '' : 's'} of ${f.log.container}${f.log.previous ? ' (previous instance)' : ''}:\n`;
      text += lines.map((l) => `      | ${l}\n`).join('');
    }
  }
  return text;
}
