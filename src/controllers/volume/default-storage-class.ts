/**
 * The built-in StorageClass `local-path` (default, WaitForFirstConsumer, reclaimPolicy Delete),
 * created on the first start of a data dir unless the user already has a default class. A marker
 * file records that this was done, so a class the user deletes later stays deleted.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KubeClient } from '../../client/index.js';
import { localPathProvisionerName } from '../../storage/index.js';
import type { ControllerContext, KubeObject, Reconciler } from '../runtime/types.js';
import { annDefaultClass } from './annotations.js';
import { isDefaultClass } from './storage-class.js';
import { isStatus, storageClassesPath } from './volume-api.js';

export const defaultStorageClassName = 'local-path';

export function localPathStorageClass(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: defaultStorageClassName, annotations: { [annDefaultClass]: 'true' } },
    provisioner: localPathProvisionerName,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

export type DefaultClassOutcome = 'created' | 'exists' | 'user-default' | 'done-before';

/** Create `local-path` unless a default class exists (or, with markerPath, this was done before). */
export async function ensureDefaultStorageClass(client: KubeClient, options: { markerPath?: string } = {}): Promise<DefaultClassOutcome> {
  if (options.markerPath && existsSync(options.markerPath)) return 'done-before';
  const list = await client.request<{ items: KubeObject[] }>('GET', storageClassesPath);
  let outcome: DefaultClassOutcome;
  if (list.items.some(isDefaultClass)) outcome = 'user-default';
  else if (list.items.some((c) => c['metadata']?.name === defaultStorageClassName)) outcome = 'exists';
  else {
    try {
      await client.request('POST', storageClassesPath, { body: localPathStorageClass() });
      outcome = 'created';
    } catch (e) {
      if (!isStatus(e, 409)) throw e;
      outcome = 'exists';
    }
  }
  if (options.markerPath) {
    await mkdir(dirname(options.markerPath), { recursive: true, mode: 0o711 });
    await writeFile(options.markerPath, `${outcome}\n`);
  }
  return outcome;
}

/** Runs ensureDefaultStorageClass once at start (retried with back-off until the API answers). */
export class DefaultStorageClassReconciler implements Reconciler {
  readonly name = 'default-storage-class';
  private ctx: ControllerContext | undefined;

  constructor(private readonly markerPath: string) {}

  setup(ctx: ControllerContext, enqueue: (key: string) => void): void {
    this.ctx = ctx;
    enqueue(defaultStorageClassName);
  }

  async reconcile(): Promise<void> {
    if (!this.ctx) throw new Error(`${this.name}: reconcile before setup`);
    const outcome = await ensureDefaultStorageClass(this.ctx.client, { markerPath: this.markerPath });
    if (outcome === 'created') this.ctx.log.info({ storageClass: defaultStorageClassName }, 'created the default StorageClass');
  }
}
