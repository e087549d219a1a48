/**
 * Stable identity: a pod of set `web` is `web-<ordinal>`, labelled with its name and index, with
 * hostname and subdomain set, and one volume per claim template pointing at `<template>-web-<ordinal>`.
 */
import type { KubeObject } from '../runtime/index.js';
import { claimTemplates, controllerRefOf } from './set-spec.js';
import { podIndexLabel, podNameLabel, revisionLabel } from './types.js';

const memberPattern = /^(.*)-([0-9]+)$/;

/** The parent name and ordinal a pod name encodes; ordinal -1 when it encodes none. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = memberPattern.exec(podName);
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  return { parent: m[1]!, ordinal: ordinal <= 2 ** 31 - 1 ? ordinal : -1 };
}

export function ordinalOf(pod: KubeObject): number {
  return parentAndOrdinal(String(pod['metadata']?.name ?? '')).ordinal;
}

export function isMemberOf(set: KubeObject, pod: KubeObject): boolean {
  const { parent, ordinal } = parentAndOrdinal(String(pod['metadata']?.name ?? ''));
  return ordinal >= 0 && parent === set['metadata'].name;
}

export function podName(set: KubeObject, ordinal: number): string {
  return `${set['metadata'].name}-${ordinal}`;
}

export function claimName(set: KubeObject, template: KubeObject, ordinal: number): string {
  return `${template['metadata']?.name}-${set['metadata'].name}-${ordinal}`;
}

/** The pod's name and identity labels are right (hostname/subdomain are immutable and set only at creation). */
export function identityMatches(set: KubeObject, pod: KubeObject): boolean {
  const meta = pod['metadata'] ?? {};
  const ordinal = ordinalOf(pod);
  return (
    isMemberOf(set, pod) &&
    meta.name === podName(set, ordinal) &&
    meta.namespace === set['metadata'].namespace &&
    meta.labels?.[podNameLabel] === meta.name &&
    meta.labels?.[podIndexLabel] === String(ordinal)
  );
}

/** Every claim template has a volume of the same name that uses the pod's claim. */
export function storageMatches(set: KubeObject, pod: KubeObject): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes: KubeObject[] = pod['spec']?.volumes ?? [];
  return claimTemplates(set).every((t) => {
    const v = volumes.find((x) => x['name'] === t['metadata']?.name);
    return v?.['persistentVolumeClaim']?.claimName === claimName(set, t, ordinal);
  });
}

/** Claim volumes first (replacing same-named template volumes), then the pod's other volumes. */
export function volumesWithClaims(set: KubeObject, ordinal: number, current: KubeObject[]): KubeObject[] {
  const templates = claimTemplates(set);
  const names = new Set(templates.map((t) => t['metadata']?.name));
  const claimVolumes = templates.map((t) => ({ name: t['metadata']?.name, persistentVolumeClaim: { claimName: claimName(set, t, ordinal) } }));
  return [...claimVolumes, ...current.filter((v) => !names.has(v['name']))];
}

export function identityLabels(set: KubeObject, ordinal: number): Record<string, string> {
  return { [podNameLabel]: podName(set, ordinal), [podIndexLabel]: String(ordinal) };
}

/** A new pod for `ordinal` from `template` (the template of the revision it is created at). */
export function newPod(set: KubeObject, template: KubeObject, ordinal: number, revision: string): KubeObject {
  const t = structuredClone(template);
  const meta = t['metadata'] ?? {};
  const name = podName(set, ordinal);
  const metadata: KubeObject = {
    name,
    namespace: set['metadata'].namespace,
    labels: { ...(meta.labels ?? {}), ...identityLabels(set, ordinal), [revisionLabel]: revision },
    ownerReferences: [controllerRefOf(set)],
  };
  if (meta.annotations) metadata['annotations'] = meta.annotations;
  if (meta.finalizers) metadata['finalizers'] = meta.finalizers;
  const spec: KubeObject = t['spec'] ?? {};
  spec['hostname'] = name;
  const serviceName = set['spec']?.serviceName;
  if (serviceName) spec['subdomain'] = serviceName;
  const volumes = volumesWithClaims(set, ordinal, spec['volumes'] ?? []);
  if (volumes.length > 0) spec['volumes'] = volumes;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** What to change on an existing pod so identity and storage match; undefined when nothing. */
export function repairPod(set: KubeObject, pod: KubeObject): { changes: string[]; object: KubeObject } | undefined {
  const changes: string[] = [];
  const ordinal = ordinalOf(pod);
  const copy = structuredClone(pod);
  if (!identityMatches(set, pod)) {
    copy['metadata'].labels = { ...(copy['metadata'].labels ?? {}), ...identityLabels(set, ordinal) };
    changes.push('identity labels');
  }
  if (!storageMatches(set, pod)) {
    copy['spec'] = { ...(copy['spec'] ?? {}), volumes: volumesWithClaims(set, ordinal, copy['spec']?.volumes ?? []) };
    changes.push('claim volumes');
  }
  return changes.length > 0 ? { changes, object: copy } : undefined;
}
