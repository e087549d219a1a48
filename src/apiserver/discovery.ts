import { apiErrors } from '../lib/errors.js';
import type { ResourceRegistry } from './registry/resource-registry.js';
import { apiVersionOf, type ResourceInfo } from './registry/types.js';

export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0+ordinal',
  gitCommit: 'ordinal',
  gitTreeState: 'clean',
  buildDate: '2026-11-22T00:00:00Z',
  goVersion: 'n/a (ordinal, Node.js ' + process.version + ')',
  compiler: 'ordinal',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

/** Subresources as discovery lists them: their kind, group/version and verbs. */
function subresourceEntry(r: ResourceInfo, sub: string): Record<string, unknown> {
  const base = { name: `${r.resource}/${sub}`, singularName: '', namespaced: r.namespaced };
  switch (sub) {
    case 'status':
      return { ...base, kind: r.kind, verbs: ['get', 'patch', 'update'] };
    case 'scale':
      return { ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
    case 'log':
      return { ...base, kind: 'Pod', verbs: ['get'] };
    case 'binding':
      return { ...base, kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { ...base, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
    case 'finalize':
      return { ...base, kind: 'Namespace', verbs: ['update'] };
    default:
      return { ...base, kind: r.kind, verbs: ['get'] };
  }
}

export function coreVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupEntry(name: string, versions: string[]): Record<string, unknown> {
  const gv = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: gv, preferredVersion: gv[0] };
}

export function groupList(registry: ResourceRegistry): Record<string, unknown> {
  const groups = [...registry.groups().entries()].filter(([g]) => g !== '').map(([g, versions]) => groupEntry(g, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function group(registry: ResourceRegistry, name: string): Record<string, unknown> {
  const versions = registry.groups().get(name);
  if (!versions || name === '') throw apiErrors.pageNotFound();
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(name, versions) };
}

export function resourceList(registry: ResourceRegistry, groupName: string, version: string): Record<string, unknown> {
  const rs = registry.all().filter((r) => r.group === groupName && r.version === version);
  if (rs.length === 0) throw apiErrors.pageNotFound();
  const resources: Record<string, unknown>[] = [];
  for (const r of rs) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    });
    for (const sub of r.subresources) resources.push(subresourceEntry(r, sub));
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group: groupName, version }), resources };
}
