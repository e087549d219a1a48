/**
 * ControllerRevisions: only the pod template is versioned. The data is a strategic merge patch that
 * replaces the template (`{spec: {template: {..., $patch: replace}}}`) - the form `kubectl rollout
 * undo` applies - named `<set>-<hash>`, numbered by `revision`. A template equal to an older revision
 * reuses it with the next number (rollback); history beyond revisionHistoryLimit is trimmed, never a
 * revision that is current, updating, or still worn by a pod.
 */
import { stableStringify } from '../../client/index.js';
import { deepEqual } from '../../lib/deep-equal.js';
import type { KubeObject } from '../runtime/index.js';
import { controllerRefOf, revisionHistoryLimit } from './set-spec.js';
import { revisionHashLabel, type Action } from './types.js';

export function revisionData(set: KubeObject): KubeObject {
  return { spec: { template: { ...structuredClone(set['spec']?.template ?? {}), $patch: 'replace' } } };
}

/** The pod template a revision restores. */
export function templateOf(revision: KubeObject): KubeObject {
  const { $patch: _patch, ...template } = revision['data']?.spec?.template ?? {};
  return template;
}

// Consonants and digits only, so a hash never spells a word.
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a (32 bit) over the canonical JSON of the data and the collision count, in the alphabet above. */
export function revisionHash(data: KubeObject, collisionCount: number): string {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(`${stableStringify(data)}#${collisionCount}`, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  do {
    out = alphabet[h % alphabet.length]! + out;
    h = Math.floor(h / alphabet.length);
  } while (h > 0);
  return out;
}

export function revisionNumber(revision: KubeObject): number {
  const n = revision['revision'];
  return typeof n === 'number' ? n : Number(n ?? 0);
}

export function sortRevisions(revisions: KubeObject[]): KubeObject[] {
  return [...revisions].sort((a, b) => revisionNumber(a) - revisionNumber(b) || String(a['metadata'].name).localeCompare(String(b['metadata'].name)));
}

/** `<set>-<hash>`, the set's part cut so the name stays a valid object name. */
export function revisionName(set: KubeObject, hash: string): string {
  return `${String(set['metadata'].name).slice(0, 223)}-${hash}`;
}

export function newRevision(set: KubeObject, data: KubeObject, hash: string, revision: number): KubeObject {
  const meta = set['metadata'];
  const templateLabels: Record<string, string> = set['spec']?.template?.metadata?.labels ?? {};
  const metadata: KubeObject = {
    name: revisionName(set, hash),
    namespace: meta.namespace,
    labels: { ...templateLabels, [revisionHashLabel]: hash },
    ownerReferences: [controllerRefOf(set)],
  };
  if (meta.annotations) metadata['annotations'] = structuredClone(meta.annotations);
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata, data, revision };
}

export interface ResolvedRevisions {
  current: KubeObject;
  update: KubeObject;
  collisionCount: number;
  actions: Action[];
}

/**
 * The current and update revisions. `owned` are the set's revisions; `all` every revision in the
 * namespace (a name taken by different data is a collision: count it and hash again).
 */
export function resolveRevisions(set: KubeObject, owned: KubeObject[], all: KubeObject[]): ResolvedRevisions {
  const sorted = sortRevisions(owned);
  let collisionCount = Number(set['status']?.collisionCount ?? 0);
  const data = revisionData(set);
  const latest = sorted[sorted.length - 1];
  const next = latest ? revisionNumber(latest) + 1 : 1;
  const equal = sorted.filter((r) => deepEqual(r['data'], data));
  const lastEqual = equal[equal.length - 1];
  const actions: Action[] = [];
  let update: KubeObject;
  if (lastEqual && lastEqual === latest) {
    update = lastEqual;
  } else if (lastEqual) {
    update = { ...structuredClone(lastEqual), revision: next };
    actions.push({ type: 'UpdateRevisionNumber', revision: lastEqual['metadata'].name, from: revisionNumber(lastEqual), to: next, object: update });
  } else {
    for (;;) {
      const hash = revisionHash(data, collisionCount);
      const name = revisionName(set, hash);
      const taken = all.find((r) => r['metadata']?.name === name);
      if (!taken) {
        update = newRevision(set, data, hash, next);
        actions.push({ type: 'CreateRevision', revision: name, object: update });
        break;
      }
      // (an owned revision with equal data was found above, so this name belongs to something else)
      collisionCount++;
    }
  }
  const currentName = set['status']?.currentRevision;
  const current = sorted.find((r) => r['metadata'].name === currentName) ?? update;
  return { current, update, collisionCount, actions };
}

/** Old revisions to delete: non-live ones beyond the history limit, oldest first. */
export function revisionsToTrim(set: KubeObject, owned: KubeObject[], live: Set<string>): KubeObject[] {
  const limit = revisionHistoryLimit(set);
  const history = sortRevisions(owned).filter((r) => !live.has(r['metadata'].name));
  if (limit < 0 || history.length <= limit) return [];
  return history.slice(0, history.length - limit);
}
