/**
 * Read-only: the informers the controller watches, what a sync sees of one set, and which sets a
 * change to a pod, claim or revision concerns (so the right keys are queued).
 */
import type { KubeClient } from '../../client/index.js';
import { selectorMatches } from '../../lib/label-selector.js';
import { objectKey, type Informer, type InformerFactory, type KubeObject } from '../runtime/index.js';
import { claimName, isMemberOf, parentAndOrdinal } from './pod-identity.js';
import { claimTemplates, controllerOf } from './set-spec.js';
import type { Observed } from './types.js';

export interface StatefulSetInformers {
  sets: Informer;
  pods: Informer;
  claims: Informer;
  revisions: Informer;
}

export function statefulSetInformers(factory: InformerFactory): StatefulSetInformers {
  return {
    sets: factory.informer('/apis/apps/v1/statefulsets'),
    pods: factory.informer('/api/v1/pods'),
    claims: factory.informer('/api/v1/persistentvolumeclaims'),
    revisions: factory.informer('/apis/apps/v1/controllerrevisions'),
  };
}

export function observe(inf: StatefulSetInformers, namespace: string, name: string): Observed | undefined {
  const set = inf.sets.get(namespace, name);
  if (!set) return undefined;
  return { set, pods: inf.pods.list(namespace), claims: inf.claims.list(namespace), revisions: inf.revisions.list(namespace) };
}

/** The same view read straight from the API, for tools that print a plan without running the controller (--dry-run). */
export async function fetchObserved(client: KubeClient, namespace: string, name: string): Promise<Observed> {
  const list = async (path: string) => (await client.request<{ items?: KubeObject[] }>('GET', path)).items ?? [];
  const [set, pods, claims, revisions] = await Promise.all([
    client.request<KubeObject>('GET', `/apis/apps/v1/namespaces/${namespace}/statefulsets/${name}`),
    list(`/api/v1/namespaces/${namespace}/pods`),
    list(`/api/v1/namespaces/${namespace}/persistentvolumeclaims`),
    list(`/apis/apps/v1/namespaces/${namespace}/controllerrevisions`),
  ]);
  return { set, pods, claims, revisions };
}

const ownerSetKey = (obj: KubeObject): string | undefined => {
  const ref = controllerOf(obj);
  return ref?.['kind'] === 'StatefulSet' ? `${obj['metadata'].namespace}/${ref['name']}` : undefined;
};

/** Sets a pod or revision concerns: its controller, or (an orphan) every set that would adopt it. */
export function setsForChild(inf: StatefulSetInformers, obj: KubeObject, kind: 'Pod' | 'Revision'): string[] {
  const owner = ownerSetKey(obj);
  if (owner) return [owner];
  if (controllerOf(obj)) return [];
  return inf.sets
    .list(obj['metadata']?.namespace)
    .filter((s) => (kind === 'Revision' || isMemberOf(s, obj)) && selectorMatches(s['spec']?.selector, obj['metadata']?.labels))
    .map(objectKey);
}

/** Sets whose pods use a claim of this name (`<template>-<set>-<ordinal>`). */
export function setsForClaim(inf: StatefulSetInformers, claim: KubeObject): string[] {
  const name = String(claim['metadata']?.name ?? '');
  const { ordinal } = parentAndOrdinal(name);
  if (ordinal < 0) return [];
  return inf.sets
    .list(claim['metadata']?.namespace)
    .filter((s) => claimTemplates(s).some((t) => claimName(s, t, ordinal) === name))
    .map(objectKey);
}
