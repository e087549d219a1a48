import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiErrors } from '../../lib/errors.js';
import { isAuthorized, isPublicPath } from '../auth.js';
import { coreVersions, group, groupList, resourceList, serverVersion } from '../discovery.js';
import { streamRequestWithoutUpgrade } from '../node-proxy/index.js';
import { openApiDocument, openApiIndex } from '../openapi.js';
import { openApiV2 } from '../openapi-v2.js';
import type { ApiContext } from '../rest/context.js';
import { parseRequestPath } from './request-info.js';
import { handleResource, type ResourceHandlerHooks } from './resource-handler.js';
import { gateResponse, sendError, sendJson } from './respond.js';

export interface RouterOptions {
  token: string;
  serverAddress: () => string;
  ready: () => boolean;
  hooks: ResourceHandlerHooks;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

const notFoundPage = (): Error => apiErrors.pageNotFound();

/** The whole HTTP surface: auth, health, discovery, OpenAPI, then resources. */
export function createRouter(ctx: ApiContext, options: RouterOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'https://ordinal.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    gateResponse(res, (send) => ctx.store.afterCommit(send));
    try {
      if (!isPublicPath(path) && !isAuthorized(req, options.token)) throw apiErrors.unauthorized();
      if (path === '/healthz' || path === '/livez' || path.startsWith('/healthz/') || path.startsWith('/livez/')) return sendText(res, 200, 'ok');
      if (path === '/readyz' || path.startsWith('/readyz/')) return options.ready() ? sendText(res, 200, 'ok') : sendText(res, 503, '[-]store not ready\nreadyz check failed');
      if (path === '/version') return sendJson(res, 200, serverVersion);
      if (path === '/openapi/v2') {
        const doc = openApiV2(req.headers.accept);
        res.writeHead(200, { 'Content-Type': doc.contentType });
        res.end(doc.body);
        return;
      }
      if (path === '/openapi/v3') return sendJson(res, 200, openApiIndex(ctx.registry));
      if (path.startsWith('/openapi/v3/')) {
        const parts = path.slice('/openapi/v3/'.length).split('/');
        const doc = parts[0] === 'api' ? openApiDocument(ctx.registry, '', parts[1] ?? '') : openApiDocument(ctx.registry, parts[1] ?? '', parts[2] ?? '');
        if (!doc) throw notFoundPage();
        return sendJson(res, 200, doc);
      }
      const info = parseRequestPath(path);
      switch (info.type) {
        case 'nonResource':
          if (path === '/') return sendJson(res, 200, { paths: ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/openapi/v3', '/readyz', '/version'] });
          throw notFoundPage();
        case 'coreVersions':
          return sendJson(res, 200, coreVersions(options.serverAddress()));
        case 'groupList':
          return sendJson(res, 200, groupList(ctx.registry));
        case 'group':
          return sendJson(res, 200, group(ctx.registry, info.group));
        case 'resourceList':
          return sendJson(res, 200, resourceList(ctx.registry, info.group, info.version));
        case 'resource': {
          const ri = ctx.registry.lookup(info.group, info.version, info.resource);
          if (!ri) throw notFoundPage();
          if (info.namespace !== undefined && !ri.namespaced) throw notFoundPage();
          // exec arrives as an HTTP upgrade (server.ts); without one, answer as kube-apiserver does
          if (ri.resource === 'pods' && ri.group === '' && info.name && info.subresource && ['exec', 'attach', 'portforward'].includes(info.subresource)) {
            throw streamRequestWithoutUpgrade(info.subresource);
          }
          await handleResource(ctx, options.hooks, { info: ri, namespace: info.namespace, name: info.name, subresource: info.subresource, watchPath: info.watchPath, query: url.searchParams }, req, res);
          return;
        }
      }
    } catch (err) {
      const e = sendError(res, err);
      if (e.httpStatus >= 500) ctx.log.error({ err, method: req.method, path }, 'request failed');
    } finally {
      if (ctx.log.isLevelEnabled('debug')) {
        ctx.log.debug({ method: req.method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
      }
    }
  };
}
