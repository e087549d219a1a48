import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import type { KubeClient } from './kube-client.js';

/** TLS and auth for a connection that KubeClient.request cannot make (exec WebSocket, log streams). */
export interface StreamConnection {
  url: URL;
  tls: Pick<HttpsRequestOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'>;
  headers: Record<string, string>;
}

/**
 * The server URL of a path plus the kubeconfig's CA, client certificate and Authorization header.
 */
export async function streamConnection(client: KubeClient, path: string, query: URLSearchParams): Promise<StreamConnection> {
  const opts: HttpsRequestOptions = { headers: {} };
  await client.applyConnectionOptions(opts);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string' || typeof v === 'number') headers[k] = String(v);
  if (opts.auth) headers['Authorization'] = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  headers['User-Agent'] = 'ordinal-cli/0.1.0';
  const url = new URL(client.server.href);
  url.pathname = url.pathname.replace(/\/+$/, '') + path;
  url.search = query.toString();
  const tls: StreamConnection['tls'] = {};
  if (opts.ca) tls.ca = opts.ca;
  if (opts.cert) tls.cert = opts.cert;
  if (opts.key) tls.key = opts.key;
  if (opts.rejectUnauthorized !== undefined) tls.rejectUnauthorized = opts.rejectUnauthorized;
  if (opts.servername) tls.servername = opts.servername;
  return { url, tls, headers };
}
