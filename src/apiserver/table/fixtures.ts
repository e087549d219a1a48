/** Test-only helpers: ResourceInfo values and a fixed clock. Not imported by production code. */
import type { ResourceInfo } from '../registry/types.js';

export const now = new Date('2025-01-10T12:00:00Z');

/** An RFC 3339 timestamp `ms` before `now`. */
export function ago(ms: number): string {
  return new Date(now.getTime() - ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => n * 86_400_000;

export function resourceInfo(group: string, resource: string, kind: string, options: { custom?: boolean; namespaced?: boolean } = {}): ResourceInfo {
  return {
    group,
    version: group === '' ? 'v1' : group.endsWith('.ordinal.dev') ? 'v1alpha1' : 'v1',
    resource,
    kind,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    namespaced: options.namespaced ?? true,
    shortNames: [],
    categories: [],
    verbs: ['get', 'list'],
    subresources: [],
    custom: options.custom ?? false,
  };
}
