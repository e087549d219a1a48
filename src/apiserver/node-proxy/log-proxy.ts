import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ApiContext } from '../rest/context.js';
import { kubeletErrorFrom, kubeletUnreachable } from './kubelet-error.js';
import { kubeletPath, locateKubelet } from './kubelet-location.js';

const forwardedLogParams = ['follow', 'previous', 'tailLines', 'limitBytes', 'timestamps', 'sinceSeconds', 'sinceTime'];

/**
 * GET pods/{name}/log: proxied to the kubelet server of the pod's node and streamed back as it
 * comes (follow works); the client going away aborts the kubelet request. Kubelet errors become
 * a v1 Status (thrown before any byte is sent).
 */
export function proxyPodLogs(ctx: ApiContext, token: string) {
  return async (namespace: string, name: string, query: URLSearchParams, res: ServerResponse): Promise<void> => {
    const loc = locateKubelet(ctx, namespace, name, query.get('container') ?? '');
    const params = new URLSearchParams();
    for (const p of forwardedLogParams) for (const v of query.getAll(p)) params.append(p, v);
    const path = kubeletPath('containerLogs', loc, params);
    const url = `http://${loc.host.includes(':') ? `[${loc.host}]` : loc.host}:${loc.port}${path}`;
    const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: loc.host, port: loc.port, path, headers: { Authorization: `Bearer ${token}` } }, resolve);
      req.on('error', (err) => reject(kubeletUnreachable(url, err)));
      res.on('close', () => req.destroy());
      req.end();
    });
    const status = upstream.statusCode ?? 0;
    if (status !== 200) throw await kubeletErrorFrom(upstream);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    await new Promise<void>((resolve) => {
      upstream.pipe(res);
      upstream.on('end', resolve);
      upstream.on('error', () => {
        res.destroy();
        resolve();
      });
      res.on('close', () => {
        upstream.destroy();
        resolve();
      });
    });
  };
}
