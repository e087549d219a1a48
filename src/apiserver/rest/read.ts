import { apiErrors } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import { listPrefix } from '../object-key.js';
import { apiVersionOf, type ResourceInfo } from '../registry/types.js';
import type { ApiContext } from './context.js';
import { parseSelection } from './selection.js';
import { getOrNotFound } from './update.js';

export function getObject(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
  return asVersion(info, getOrNotFound(ctx, info, namespace, name).value);
}

/** Objects are stored at one version; CRDs with several served versions (conversion None) relabel. */
export function asVersion(info: ResourceInfo, obj: KubeObject): KubeObject {
  if (info.custom) obj['apiVersion'] = apiVersionOf(info);
  return obj;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('shape');
    return t;
  } catch {
    throw apiErrors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

export interface ListOutput {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
}

/**
 * A list with label/field selectors and limit/continue. A continue token older than the compacted
 * revision is refused with 410, as kube-apiserver does; pages read the current state.
 */
export function listObjects(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, query: URLSearchParams): ListOutput {
  const selection = parseSelection(info, query);
  const limit = Number(query.get('limit') ?? '0');
  if (!Number.isInteger(limit) || limit < 0) throw apiErrors.badRequest(`limit: Invalid value: "${query.get('limit')}"`);
  const prefix = listPrefix(info, namespace);
  let after: string | undefined;
  let rv = ctx.store.currentRevision();
  const token = query.get('continue');
  if (token) {
    const t = decodeContinue(token);
    if (t.rv < ctx.store.compactedRevision()) {
      throw apiErrors.gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    after = prefix + t.start;
    rv = t.rv;
  }
  const items: KubeObject[] = [];
  let lastKey: string | undefined;
  let more = false;
  for (;;) {
    const page = ctx.store.list(prefix, { ...(after !== undefined ? { after } : {}), limit: limit > 0 ? Math.max(limit, 500) : 0 });
    for (const item of page.items) {
      if (limit > 0 && items.length >= limit) {
        more = true;
        break;
      }
      lastKey = item.key;
      if (selection.empty || selection.matches(item.value)) items.push(asVersion(info, item.value));
    }
    if (more || !page.more || limit === 0) break;
    after = page.items[page.items.length - 1]?.key;
  }
  const out: ListOutput = { items, resourceVersion: String(rv) };
  if (more && lastKey !== undefined) {
    out.continue = Buffer.from(JSON.stringify({ rv, start: lastKey.slice(prefix.length) })).toString('base64url');
  }
  return out;
}
