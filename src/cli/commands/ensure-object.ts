/**
 * Create an object, or bring an existing one to the wanted content (idempotent set-up commands:
 * `ordinal ceph prepare`). Only the few kinds set-up writes are known here.
 */
import type { KubeClient } from '../../client/index.js';
import { deepEqual } from '../../lib/deep-equal.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type EnsureOutcome = 'created' | 'updated' | 'unchanged' | 'exists';

const collections: Record<string, (ns: string) => string> = {
  Namespace: () => '/api/v1/namespaces',
  Secret: (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`,
  ConfigMap: (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps`,
  StorageClass: () => '/apis/storage.k8s.io/v1/storageclasses',
};

/** The fields compared and written on update (everything but metadata and status). */
function content(o: Obj): Obj {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = o;
  return rest;
}

/**
 * POST the object; when it exists: with `update`, PUT the wanted content over it if it differs
 * (labels and annotations of the existing object are kept, the wanted ones added), else leave it.
 */
export async function ensureObject(client: KubeClient, wanted: Obj, options: { update: boolean }): Promise<EnsureOutcome> {
  const collection = collections[wanted['kind']];
  if (!collection) throw new Error(`ensureObject: unsupported kind ${wanted['kind']}`);
  const base = collection(wanted['metadata']?.namespace ?? '');
  const path = `${base}/${encodeURIComponent(wanted['metadata'].name)}`;
  const current = await client.getIfExists<Obj>(path);
  if (!current) {
    try {
      await client.request('POST', base, { body: wanted });
      return 'created';
    } catch (e) {
      if ((e as { status?: number }).status !== 409) throw e;
      return ensureObject(client, wanted, options);
    }
  }
  if (!options.update) return 'exists';
  if (deepEqual(content(current), { ...content(current), ...content(wanted) })) return 'unchanged';
  const meta = current['metadata'];
  const body = {
    ...current,
    ...content(wanted),
    metadata: { ...meta, labels: { ...meta.labels, ...wanted['metadata'].labels }, annotations: { ...meta.annotations, ...wanted['metadata'].annotations } },
  };
  await client.request('PUT', path, { body });
  return 'updated';
}
