/** Small readers over API objects as `up` sees them (plain JSON from lists). Pure. */

export type KubeObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const nameOf = (o: KubeObject): string => String(o['metadata']?.name ?? '');
export const namespaceOf = (o: KubeObject): string => String(o['metadata']?.namespace ?? '');

export function conditionOf(o: KubeObject, type: string): KubeObject | undefined {
  const conditions: KubeObject[] = o['status']?.conditions ?? [];
  return conditions.find((c) => c['type'] === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return conditionOf(pod, 'Ready')?.['status'] === 'True';
}

/**
 * Done for `up`: a pod meant to run to completion (restartPolicy OnFailure or Never, like a set-up
 * helper) has Succeeded; a pod meant to keep running (Always) is Ready.
 */
export function isPodDone(pod: KubeObject): boolean {
  if (pod['status']?.phase === 'Succeeded') return true;
  const policy = pod['spec']?.restartPolicy ?? 'Always';
  return policy === 'Always' && isPodReady(pod);
}

/** The StatefulSet that controls a pod, if any. */
export function controllingSetOf(pod: KubeObject): string | undefined {
  const refs: KubeObject[] = pod['metadata']?.ownerReferences ?? [];
  const ref = refs.find((r) => r['kind'] === 'StatefulSet' && r['controller'] !== false);
  return ref ? String(ref['name']) : undefined;
}

/** A pod's ordinal from its name (`web-3` -> 3); -1 when the name has none. */
export function ordinalOf(podName: string): number {
  const m = podName.match(/-(\d+)$/);
  return m ? Number(m[1]) : -1;
}

export function byOrdinal(a: KubeObject, b: KubeObject): number {
  return ordinalOf(nameOf(a)) - ordinalOf(nameOf(b)) || nameOf(a).localeCompare(nameOf(b));
}

export function containerStatusesOf(pod: KubeObject): KubeObject[] {
  return [...(pod['status']?.initContainerStatuses ?? []), ...(pod['status']?.containerStatuses ?? [])];
}

/** The claims a pod mounts (claimName of its persistentVolumeClaim volumes). */
export function claimNamesOf(pod: KubeObject): string[] {
  const volumes: KubeObject[] = pod['spec']?.volumes ?? [];
  return volumes.map((v) => v['persistentVolumeClaim']?.claimName).filter((n): n is string => typeof n === 'string');
}

const eventMillis = (e: KubeObject): number =>
  Date.parse(e['lastTimestamp'] ?? e['eventTime'] ?? e['series']?.lastObservedTime ?? e['firstTimestamp'] ?? e['metadata']?.creationTimestamp ?? '') || 0;

/** Events about one object, newest first (matched by kind, namespace and name; by uid when both have one). */
export function eventsFor(events: KubeObject[], obj: KubeObject, kind: string): KubeObject[] {
  const uid = obj['metadata']?.uid;
  return events
    .filter((e) => {
      const io = e['involvedObject'] ?? e['regarding'] ?? {};
      if (io['kind'] !== kind || io['name'] !== nameOf(obj) || (io['namespace'] ?? '') !== namespaceOf(obj)) return false;
      return !uid || !io['uid'] || io['uid'] === uid;
    })
    .sort((a, b) => eventMillis(b) - eventMillis(a));
}

/** The newest event with one of these reasons. */
export function latestEvent(events: KubeObject[], obj: KubeObject, kind: string, reasons: string[]): KubeObject | undefined {
  return eventsFor(events, obj, kind).find((e) => reasons.includes(String(e['reason'])));
}

export const messageOf = (e: KubeObject | undefined): string => String(e?.['message'] ?? e?.['note'] ?? '').trim();
