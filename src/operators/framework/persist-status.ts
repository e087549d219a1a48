import type { KubeClient } from '../../client/index.js';
import { OrdinalError } from '../../lib/errors.js';

type Obj = Record<string, unknown> & { metadata?: { resourceVersion?: string; generation?: number } };

/** The new status: a value, or a function of the object as it is now (re-applied on a conflict). */
export type StatusUpdate<TStatus> = TStatus | ((current: Obj) => TStatus);

export interface PersistOptions {
  /** Attempts on 409 Conflict (default 5). */
  attempts?: number;
  /** Only write if the object's spec generation is still this one (a newer spec makes the plan stale). */
  generation?: number;
}

export class StatusConflictError extends OrdinalError {
  readonly status = 409;
  constructor(message: string) {
    super('E_STATUS_CONFLICT', message);
  }
}

/**
 * Replaces `.status` of the object at `path` (its status subresource: `<path>/status`) with a
 * read-modify-write PUT carrying the resourceVersion just read, retried on 409 Conflict. The status
 * given is the whole status: a field left out (e.g. `operation` after it finished) is removed.
 * Returns the object as stored, or undefined when the object is gone.
 */
export async function persistStatus<TStatus>(client: KubeClient, path: string, update: StatusUpdate<TStatus>, options: PersistOptions = {}): Promise<Obj | undefined> {
  const attempts = options.attempts ?? 5;
  const objectPath = path.replace(/\/status$/, '');
  for (let attempt = 1; ; attempt++) {
    const current = await client.getIfExists<Obj>(objectPath);
    if (!current) return undefined;
    if (options.generation !== undefined && current.metadata?.generation !== options.generation) {
      throw new StatusConflictError(`${objectPath}: the spec changed (generation ${String(current.metadata?.generation)}, planned for ${options.generation}); planning again`);
    }
    const status = typeof update === 'function' ? (update as (c: Obj) => TStatus)(current) : update;
    const body = { ...current, status };
    try {
      return await client.request<Obj>('PUT', `${objectPath}/status`, { body });
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      if ((err as { status?: number }).status !== 409 || attempt >= attempts) throw err;
    }
  }
}
