import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiErrors } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import type { ResourceInfo } from '../registry/types.js';
import { apiVersionOf } from '../registry/types.js';
import { bindPod } from '../rest/binding.js';
import type { ApiContext } from '../rest/context.js';
import { createObject } from '../rest/create.js';
import { deleteObject, type DeleteOptions } from '../rest/delete.js';
import { evictPod } from '../rest/eviction.js';
import { applyPatch, patchPrecondition } from '../rest/patch.js';
import { getObject, listObjects } from '../rest/read.js';
import { fromScale, toScale } from '../rest/scale.js';
import { returnsDeletedObject } from '../rest/strategies.js';
import { commitUpdate, getOrNotFound, updateObject } from '../rest/update.js';
import { writeOptions } from '../rest/write-options.js';
import { buildTable } from '../table/index.js';
import { decodeObject, mediaType, readBody } from './body.js';
import { wantsTable, type TableRequest } from './negotiate.js';
import { sendJson, successStatus } from './respond.js';
import { serveWatch } from './watch-stream.js';

export interface ResourceRequest {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  watchPath: boolean;
  query: URLSearchParams;
}

/** Hooks the handler needs from outside the REST layer (node agents serve logs). */
export interface ResourceHandlerHooks {
  podLogs?: (namespace: string, name: string, query: URLSearchParams, res: ServerResponse) => Promise<void>;
}

function warningHeaders(warnings: string[]): Record<string, string> {
  return warnings.length ? { Warning: warnings.map((w) => `299 - "${w.replace(/"/g, "'")}"`).join(', ') } : {};
}

function tableFor(ctx: ApiContext, info: ResourceInfo, objs: KubeObject[], table: TableRequest, listMeta?: Record<string, unknown>): KubeObject {
  const view = ctx.registry.crdView(info);
  return buildTable(info, objs, { includeObject: table.includeObject, now: ctx.now(), ...(view ? { printerColumns: view.printerColumns } : {}), ...(listMeta ? { listMeta } : {}) });
}

function deleteOptionsFrom(query: URLSearchParams, body: KubeObject | undefined): DeleteOptions {
  const o: DeleteOptions = {};
  const grace = query.get('gracePeriodSeconds') ?? body?.['gracePeriodSeconds'];
  if (grace !== undefined && grace !== null) {
    const g = Number(grace);
    if (!Number.isInteger(g)) throw apiErrors.badRequest(`gracePeriodSeconds: Invalid value: "${String(grace)}"`);
    o.gracePeriodSeconds = g;
  }
  const policy = query.get('propagationPolicy') ?? body?.['propagationPolicy'];
  if (policy) o.propagationPolicy = String(policy);
  else if (body?.['orphanDependents'] === true || query.get('orphanDependents') === 'true') o.propagationPolicy = 'Orphan';
  if (body?.['preconditions']) o.preconditions = body['preconditions'];
  return o;
}

async function optionalBody(req: IncomingMessage): Promise<KubeObject | undefined> {
  const buf = await readBody(req);
  if (buf.length === 0 || buf.toString('utf8').trim() === '') return undefined;
  return decodeObject(buf, mediaType(req)) as KubeObject;
}

/** Dispatch one request on a resource path by verb and subresource. */
export async function handleResource(ctx: ApiContext, hooks: ResourceHandlerHooks, r: ResourceRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { info, namespace, name, subresource, query } = r;
  const method = req.method ?? 'GET';
  const table = wantsTable(req, query);
  const isWatch = r.watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
  if (subresource && !info.subresources.includes(subresource)) {
    throw apiErrors.notFound(`${info.resource}/${subresource}`, name ?? '', info.group);
  }

  if (method === 'GET') {
    if (isWatch) {
      if (name) query.set('fieldSelector', [query.get('fieldSelector'), `metadata.name=${name}`].filter(Boolean).join(','));
      serveWatch(ctx, info, namespace, query, req, res, table ? (obj) => tableFor(ctx, info, [obj], table) : undefined);
      return;
    }
    if (!name) {
      const list = listObjects(ctx, info, namespace, query);
      const listMeta = { resourceVersion: list.resourceVersion, ...(list.continue ? { continue: list.continue } : {}) };
      if (table) return sendJson(res, 200, tableFor(ctx, info, list.items, table, listMeta));
      return sendJson(res, 200, { kind: info.listKind, apiVersion: apiVersionOf(info), metadata: listMeta, items: list.items });
    }
    if (subresource === 'scale') return sendJson(res, 200, toScale(info, getOrNotFound(ctx, info, namespace, name)));
    if (subresource === 'log') {
      getOrNotFound(ctx, info, namespace, name);
      if (!hooks.podLogs) throw apiErrors.badRequest(`no node agent serves logs for pod "${name}" yet`);
      return hooks.podLogs(namespace ?? '', name, query, res);
    }
    const obj = getObject(ctx, info, namespace, name);
    return sendJson(res, 200, table ? tableFor(ctx, info, [obj], table) : obj);
  }

  const opts = writeOptions(query);
  if (method === 'POST') {
    if (name && subresource === 'binding' && info.resource === 'pods') return sendJson(res, 201, bindPod(ctx, info, namespace, name, decodeObject(await readBody(req), mediaType(req)) as KubeObject, opts));
    if (name && subresource === 'eviction' && info.resource === 'pods') return sendJson(res, 201, evictPod(ctx, info, namespace, name, decodeObject(await readBody(req), mediaType(req)) as KubeObject, opts));
    if (name) throw apiErrors.methodNotAllowed(`the server does not allow this method on the requested resource`);
    const body = decodeObject(await readBody(req), mediaType(req)) as KubeObject;
    const out = createObject(ctx, info, namespace, body, opts);
    return sendJson(res, 201, out.object, warningHeaders(out.warnings));
  }

  if (method === 'PUT' || method === 'PATCH') {
    if (!name) throw apiErrors.methodNotAllowed(`the server does not allow this method on the requested resource`);
    const buf = await readBody(req);
    const current = getOrNotFound(ctx, info, namespace, name);
    if (subresource === 'scale') {
      const scale = method === 'PUT' ? decodeObject(buf, mediaType(req)) : applyPatch(info, toScale(info, current), mediaType(req), buf);
      const out = commitUpdate(ctx, info, current, fromScale(info, current, scale as KubeObject), opts, undefined, (scale as KubeObject)['metadata']?.resourceVersion);
      return sendJson(res, 200, toScale(info, { key: current.key, rev: Number(out.object['metadata'].resourceVersion), value: out.object }), warningHeaders(out.warnings));
    }
    const sub = subresource === 'status' ? 'status' : subresource === 'finalize' ? undefined : subresource;
    if (method === 'PUT') {
      const out = updateObject(ctx, info, namespace, name, decodeObject(buf, mediaType(req)) as KubeObject, opts, sub);
      return sendJson(res, 200, out.object, warningHeaders(out.warnings));
    }
    const patched = applyPatch(info, current.value, mediaType(req), buf);
    const out = commitUpdate(ctx, info, current, patched, opts, sub, patchPrecondition(current, patched));
    return sendJson(res, 200, out.object, warningHeaders(out.warnings));
  }

  if (method === 'DELETE') {
    const body = await optionalBody(req);
    const delOpts = deleteOptionsFrom(query, body);
    if (body?.['dryRun']) opts.dryRun = true;
    if (!name) {
      const list = listObjects(ctx, info, namespace, query);
      for (const item of list.items) deleteObject(ctx, info, namespace ?? item['metadata'].namespace, item['metadata'].name, delOpts, opts);
      return sendJson(res, 200, { kind: info.listKind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(ctx.store.currentRevision()) }, items: list.items });
    }
    const out = deleteObject(ctx, info, namespace, name, delOpts, opts);
    if (!out.deleted) return sendJson(res, 202, out.object);
    if (returnsDeletedObject.has(info.resource) || info.custom) return sendJson(res, 200, out.object);
    return sendJson(res, 200, successStatus({ name, group: info.group, kind: info.resource, uid: out.object['metadata']?.uid }));
  }
  throw apiErrors.methodNotAllowed(`the server does not allow this method on the requested resource`);
}

