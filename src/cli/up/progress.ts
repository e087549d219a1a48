/**
 * Progress between two polls: a line for each thing that changed (`statefulset/redis-app: 3/6
 * ready`, `pod/redis-app-0: Pending -> Scheduled`), and whether anything moved forward. A pod
 * cycling through states it had before (CrashLoopBackOff -> Running -> Error) is not progress. Pure.
 */
import { isPodReady, nameOf, namespaceOf, type KubeObject } from './objects.js';
import { podStatusText, restartsOf } from './pod-status.js';
import { desiredReplicas, findRef, isOperatedReady, isStatefulSetReady, operatedSubject, operatedText, watchedPods, type ClusterView, type Tracked } from './tracked.js';

export interface ProgressState {
  /** The last text shown per subject. */
  texts: ReadonlyMap<string, string>;
  /** Every status each pod has been seen in. */
  seen: ReadonlyMap<string, ReadonlySet<string>>;
  /** The most ready pods and sets ever seen at once. */
  bestReady: number;
}

export interface ProgressStep {
  state: ProgressState;
  lines: string[];
  progressed: boolean;
}

export const emptyProgress = (): ProgressState => ({ texts: new Map(), seen: new Map(), bestReady: 0 });

/** `name` in the default namespace, else `namespace/name`. */
export const shortRef = (o: KubeObject): string => (namespaceOf(o) === 'default' || !namespaceOf(o) ? nameOf(o) : `${namespaceOf(o)}/${nameOf(o)}`);

export function setProgressText(set: KubeObject): string {
  const s = set['status'] ?? {};
  const want = desiredReplicas(set);
  let text = `${s.readyReplicas ?? 0}/${want} ready`;
  if (s.updateRevision && s.currentRevision !== s.updateRevision) text += `, ${s.updatedReplicas ?? 0}/${want} updated`;
  return text;
}

function podText(pod: KubeObject): string {
  const restarts = restartsOf(pod);
  return restarts > 0 ? `${podStatusText(pod)} (${restarts} restart${restarts === 1 ? '' : 's'})` : podStatusText(pod);
}

export function diffProgress(prev: ProgressState, view: ClusterView, tracked: Tracked): ProgressStep {
  const texts = new Map<string, string>();
  const seen = new Map<string, ReadonlySet<string>>(prev.seen);
  const lines: string[] = [];
  let progressed = false;
  let ready = 0;
  const note = (subject: string, text: string, showBefore = true): void => {
    texts.set(subject, text);
    const before = prev.texts.get(subject);
    if (before === text) return;
    lines.push(before === undefined || !showBefore ? `${subject}: ${text}` : `${subject}: ${before} -> ${text}`);
  };
  for (const ref of tracked.statefulSets) {
    const set = findRef(view.statefulSets, ref);
    if (!set) continue;
    note(`statefulset/${shortRef(set)}`, setProgressText(set));
    if (isStatefulSetReady(set)) ready++;
  }
  for (const ref of tracked.operated) {
    const o = findRef(view.operated, ref);
    if (!o) continue;
    note(operatedSubject(ref), operatedText(o), false); // an operator's messages are sentences: the new one only
    if (isOperatedReady(o)) ready++;
  }
  for (const pod of watchedPods(view, tracked)) {
    const subject = `pod/${shortRef(pod)}`;
    note(subject, podText(pod));
    const status = podStatusText(pod);
    const had = seen.get(subject) ?? new Set<string>();
    if (!had.has(status)) {
      progressed = true;
      seen.set(subject, new Set([...had, status]));
    }
    if (isPodReady(pod)) ready++;
  }
  for (const subject of prev.texts.keys()) {
    if (subject.startsWith('pod/') && !texts.has(subject)) lines.push(`${subject}: deleted`);
  }
  if (ready > prev.bestReady) progressed = true;
  return { state: { texts, seen, bestReady: Math.max(ready, prev.bestReady) }, lines, progressed };
}
