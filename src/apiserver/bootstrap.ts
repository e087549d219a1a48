import { createObject } from './rest/create.js';
import type { ApiContext } from './rest/context.js';

export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Objects every cluster starts with. Idempotent: existing ones are left as they are. */
export function bootstrapObjects(ctx: ApiContext): void {
  const nsInfo = ctx.registry.lookup('', 'v1', 'namespaces')!;
  for (const name of systemNamespaces) {
    if (ctx.store.get(`/core/namespaces/${name}`)) continue;
    createObject(ctx, nsInfo, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { dryRun: false, fieldValidation: 'Strict' });
  }
}

/** Serve every stored CRD and keep serving them as CRDs come and go. */
export function syncCustomResourceDefinitions(ctx: ApiContext): () => void {
  const prefix = '/apiextensions.k8s.io/customresourcedefinitions/';
  for (const item of ctx.store.list(prefix).items) ctx.registry.upsertCrd(item.value);
  return ctx.store.watch(prefix, ctx.store.currentRevision(), (ev) => {
    const crd = JSON.parse(ev.json);
    if (ev.type === 'DELETED') ctx.registry.removeCrd(crd.metadata?.name);
    else ctx.registry.upsertCrd(crd);
  });
}
