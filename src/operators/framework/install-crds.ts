import type { KubeClient } from '../../client/index.js';
import { OrdinalError } from '../../lib/errors.js';
import type { Logger } from '../../lib/log.js';
import type { KindDefinition } from './define-kind.js';
import { setTimeout as sleep } from 'node:timers/promises';

const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

type Crd = Record<string, unknown> & { metadata?: { name?: string; resourceVersion?: string }; status?: { conditions?: Array<{ type?: string; status?: string; message?: string }> } };

export class CrdInstallError extends OrdinalError {
  constructor(message: string, cause?: unknown) {
    super('E_CRD_INSTALL', message, { cause });
  }
}

export interface InstallCrdsOptions {
  log?: Logger;
  /** How long to wait for each CRD to be Established and served (default 30 s). */
  timeoutMs?: number;
}


/** Create the CRD, or update it (spec and labels) when it differs; retried on a conflict. */
async function apply(client: KubeClient, desired: Record<string, unknown>, name: string): Promise<'created' | 'updated' | 'unchanged'> {
  for (let attempt = 1; ; attempt++) {
    const current = await client.getIfExists<Crd>(`${crdPath}/${name}`);
    try {
      if (!current) {
        await client.request('POST', crdPath, { body: desired });
        return 'created';
      }
      if (JSON.stringify(current['spec']) === JSON.stringify({ ...(current['spec'] as object), ...(desired['spec'] as object) })) return 'unchanged';
      const metadata = { ...current.metadata, labels: { ...(current.metadata as { labels?: object }).labels, ...(desired['metadata'] as { labels?: object }).labels } };
      await client.request('PUT', `${crdPath}/${name}`, { body: { ...desired, metadata } });
      return 'updated';
    } catch (err) {
      const status = (err as { status?: number }).status;
      if ((status !== 409 && status !== 404) || attempt >= 5) throw new CrdInstallError(`cannot install CRD ${name}: ${(err as Error).message}`, err);
    }
  }
}

async function waitServed(client: KubeClient, kind: KindDefinition, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let why = 'not Established';
  for (;;) {
    const crd = await client.getIfExists<Crd>(`${crdPath}/${name}`);
    const established = crd?.status?.conditions?.find((c) => c.type === 'Established');
    if (established?.status === 'True') {
      try {
        await client.request('GET', kind.listPath, { query: { limit: 1 } });
        return;
      } catch (err) {
        why = `Established but ${kind.listPath} is not served yet (${(err as Error).message})`;
      }
    } else if (established?.message) why = `not Established: ${established.message}`;
    if (Date.now() > deadline) throw new CrdInstallError(`CRD ${name} was not served within ${timeoutMs / 1000}s: ${why}`);
    await sleep(100);
  }
}

/** Create or update each kind's CRD, then wait until every one is Established and its resource served. */
export async function installCrds(client: KubeClient, kinds: readonly KindDefinition[], options: InstallCrdsOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  for (const kind of kinds) {
    const name = `${kind.plural}.${kind.group}`;
    const result = await apply(client, kind.crd, name);
    options.log?.info({ crd: name, result }, `CRD ${result}`);
  }
  for (const kind of kinds) await waitServed(client, kind, `${kind.plural}.${kind.group}`, timeoutMs);
}
