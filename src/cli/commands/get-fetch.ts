import { apiVersionOf, resourcePath, type JsonObject, type Query, type ResolvedResource } from '../../client/index.js';
import { ageOf } from '../print/duration.js';
import { fallbackTable, isTable, type Table } from '../print/table.js';
import type { Connection } from './connection.js';
import { reportError } from './run-action.js';

export const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export interface GetScope {
  /** undefined: all namespaces (or a cluster-scoped type). */
  namespace: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export interface ResolvedRequest {
  resource: ResolvedResource;
  names: string[];
}

function listQuery(scope: GetScope): Query {
  return { labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector };
}

function asTable(answer: unknown): Table {
  if (isTable(answer)) return answer;
  const obj = answer as { items?: JsonObject[] };
  const items = Array.isArray(obj.items) ? obj.items : [answer as JsonObject];
  return fallbackTable(items as Parameters<typeof fallbackTable>[0], (ts) => ageOf(ts));
}

/**
 * The server-printed Table of one request (a list, or the named objects); rows of several names are
 * joined. A name that fails is reported and skipped, as kubectl does.
 */
export async function fetchTable(conn: Connection, req: ResolvedRequest, scope: GetScope): Promise<Table | undefined> {
  const ns = req.resource.namespaced ? scope.namespace : undefined;
  if (req.names.length === 0) {
    const answer = await conn.client.request('GET', resourcePath(req.resource, { namespace: ns }), { accept: tableAccept, query: listQuery(scope) });
    return asTable(answer);
  }
  let merged: Table | undefined;
  for (const name of req.names) {
    try {
      const t = asTable(await conn.client.request('GET', resourcePath(req.resource, { namespace: ns, name }), { accept: tableAccept }));
      if (merged) merged.rows.push(...t.rows);
      else merged = t;
    } catch (err) {
      reportError(err);
    }
  }
  return merged;
}

/** Lists leave kind and apiVersion off their items; put them back, as kubectl does. */
export function withTypeMeta(obj: JsonObject, r: ResolvedResource): JsonObject {
  return { apiVersion: apiVersionOf(r), kind: r.kind, ...obj };
}

export interface FetchedObjects {
  items: JsonObject[];
  resourceVersion: string | undefined;
}

/** The objects of one request (a list, or the named objects; failures reported and skipped). */
export async function fetchObjects(conn: Connection, req: ResolvedRequest, scope: GetScope): Promise<FetchedObjects> {
  const ns = req.resource.namespaced ? scope.namespace : undefined;
  if (req.names.length === 0) {
    const list = await conn.client.request<{ items?: JsonObject[]; metadata?: { resourceVersion?: string } }>('GET', resourcePath(req.resource, { namespace: ns }), {
      query: listQuery(scope),
    });
    return { items: (list.items ?? []).map((i) => withTypeMeta(i, req.resource)), resourceVersion: list.metadata?.resourceVersion };
  }
  const items: JsonObject[] = [];
  for (const name of req.names) {
    try {
      items.push(withTypeMeta(await conn.client.request<JsonObject>('GET', resourcePath(req.resource, { namespace: ns, name })), req.resource));
    } catch (err) {
      reportError(err);
    }
  }
  return { items, resourceVersion: undefined };
}
