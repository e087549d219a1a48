/**
 * Which pods and revisions belong to a set. A pod belongs if its name is `<set>-<n>` and its labels
 * match the selector; a matching orphan is adopted, an owned pod that no longer matches is released.
 * Objects controlled by anything else are never touched. A set being deleted neither adopts nor releases.
 */
import { selectorMatches } from '../../lib/label-selector.js';
import type { KubeObject } from '../runtime/index.js';
import { isMemberOf } from './pod-identity.js';
import { controllerOf, controllerRefOf, isBeingDeleted } from './set-spec.js';
import type { Action } from './types.js';

export interface Claimed {
  /** Ours, including the orphans adopted by `actions` (as they will be once adopted). */
  owned: KubeObject[];
  actions: Action[];
}

function withOwner(obj: KubeObject, ref: KubeObject | undefined, uid: string): KubeObject {
  const copy = structuredClone(obj);
  const refs: KubeObject[] = (copy['metadata'].ownerReferences ?? []).filter((r: KubeObject) => r['uid'] !== uid);
  copy['metadata'].ownerReferences = ref ? [...refs, ref] : refs;
  return copy;
}

function claim(set: KubeObject, objects: KubeObject[], matches: (o: KubeObject) => boolean, kind: 'Pod' | 'Revision'): Claimed {
  const uid: string = set['metadata'].uid;
  const deleting = isBeingDeleted(set);
  const owned: KubeObject[] = [];
  const actions: Action[] = [];
  for (const obj of objects) {
    const name: string = obj['metadata'].name;
    const ctrl = controllerOf(obj);
    if (ctrl) {
      if (ctrl['uid'] !== uid) continue;
      if (matches(obj)) owned.push(obj);
      else if (!deleting && kind === 'Pod') actions.push({ type: 'ReleasePod', pod: name, object: withOwner(obj, undefined, uid) });
      continue;
    }
    if (deleting || isBeingDeleted(obj) || !matches(obj)) continue;
    const adopted = withOwner(obj, controllerRefOf(set), uid);
    actions.push(kind === 'Pod' ? { type: 'AdoptPod', pod: name, object: adopted } : { type: 'AdoptRevision', revision: name, object: adopted });
    owned.push(adopted);
  }
  return { owned, actions };
}

export function claimPods(set: KubeObject, pods: KubeObject[]): Claimed {
  return claim(set, pods, (p) => isMemberOf(set, p) && selectorMatches(set['spec']?.selector, p['metadata']?.labels), 'Pod');
}

export function claimRevisions(set: KubeObject, revisions: KubeObject[]): Claimed {
  return claim(set, revisions, (r) => selectorMatches(set['spec']?.selector, r['metadata']?.labels), 'Revision');
}
