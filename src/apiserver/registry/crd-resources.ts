import type { KubeObject } from '../../store/types.js';
import { allVerbs, type ResourceInfo } from './types.js';

export interface CrdVersionView {
  info: ResourceInfo;
  schema: Record<string, unknown> | undefined;
  printerColumns: { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }[];
  storage: boolean;
}

/** The served versions of a CustomResourceDefinition, as ResourceInfo the router understands. */
export function crdVersionViews(crd: KubeObject): CrdVersionView[] {
  const spec = crd['spec'] ?? {};
  const names = spec.names ?? {};
  const out: CrdVersionView[] = [];
  for (const v of (spec.versions ?? []) as KubeObject[]) {
    if (!v['served']) continue;
    const sub = v['subresources'] ?? {};
    const subresources: string[] = [];
    if (sub.status) subresources.push('status');
    if (sub.scale) subresources.push('scale');
    out.push({
      info: {
        group: spec.group,
        version: v['name'],
        resource: names.plural,
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        singular: names.singular ?? String(names.kind ?? '').toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        verbs: allVerbs,
        subresources,
        ...(sub.scale ? { scale: sub.scale } : {}),
        custom: true,
      },
      schema: v['schema']?.openAPIV3Schema,
      printerColumns: v['additionalPrinterColumns'] ?? [],
      storage: Boolean(v['storage']),
    });
  }
  return out;
}
