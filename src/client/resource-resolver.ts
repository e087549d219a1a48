import type { ApiResource, DiscoveredGroup, DiscoveryDoc, ResolvedResource } from './resource-types.js';

interface TypeQuery {
  name: string;
  group?: string;
  version?: string;
}

/** `statefulsets`, `statefulset.apps`, `statefulsets.v1.apps`: the readings of what a user typed. */
function queriesFor(typed: string): TypeQuery[] {
  const t = typed.trim().toLowerCase();
  const dot = t.indexOf('.');
  if (dot < 0) return [{ name: t }];
  const name = t.slice(0, dot);
  const rest = t.slice(dot + 1);
  const out: TypeQuery[] = [{ name, group: rest }];
  const parts = rest.split('.');
  if (parts.length >= 2) out.push({ name, version: parts[0]!, group: parts.slice(1).join('.') });
  // `core` is how users sometimes spell the legacy group (`pods.v1.core`? rarely); accept it as ''.
  return out.map((q) => (q.group === 'core' ? { ...q, group: '' } : q));
}

/** Versions of a group to look in, the preferred one first. */
function versionsInOrder(g: DiscoveredGroup, version: string | undefined): DiscoveredGroup['versions'] {
  if (version !== undefined) return g.versions.filter((v) => v.version === version);
  const preferred = g.versions.filter((v) => v.version === g.preferredVersion);
  return [...preferred, ...g.versions.filter((v) => v.version !== g.preferredVersion)];
}

function toResolved(g: DiscoveredGroup, version: string, r: ApiResource): ResolvedResource {
  return { group: g.name, version, resource: r.name, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs ?? [] };
}

type Matcher = (r: ApiResource, name: string) => boolean;

/** Plural names win over singular names, which win over short names, which win over kinds. */
const matchers: Matcher[] = [
  (r, n) => r.name === n,
  (r, n) => (r.singularName || r.kind.toLowerCase()) === n,
  (r, n) => (r.shortNames ?? []).includes(n),
  (r, n) => r.kind.toLowerCase() === n,
];

function isTopLevel(r: ApiResource): boolean {
  return !r.name.includes('/');
}

/** Resolve what a user types (`po`, `pods`, `statefulset.apps`, a CRD short name) against discovery. */
export function resolveType(doc: DiscoveryDoc, typed: string): ResolvedResource | undefined {
  const queries = queriesFor(typed);
  for (const match of matchers) {
    for (const q of queries) {
      for (const g of doc.groups) {
        if (q.group !== undefined && g.name !== q.group) continue;
        for (const v of versionsInOrder(g, q.version)) {
          const r = v.resources.find((res) => isTopLevel(res) && match(res, q.name));
          if (r) return toResolved(g, v.version, r);
        }
      }
    }
  }
  return undefined;
}

/** Split `apps/v1` into group and version (`v1` is the core group). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Resolve a manifest's apiVersion and kind to the resource that serves it. */
export function resolveKind(doc: DiscoveryDoc, apiVersion: string, kind: string): ResolvedResource | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  const g = doc.groups.find((x) => x.name === group);
  const v = g?.versions.find((x) => x.version === version);
  const r = v?.resources.find((res) => isTopLevel(res) && res.kind === kind);
  return g && v && r ? toResolved(g, version, r) : undefined;
}
