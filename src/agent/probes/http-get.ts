/**
 * One HTTP GET as the kubelet's prober makes it: no keep-alive, TLS not verified, User-Agent
 * `kube-probe/<version>` and `Accept: *\/*` unless the probe sets them, the `Host` header from
 * httpHeaders, redirects followed only to the same host (at most 10), body read up to 10 KiB.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { joinHostPort, resolvePort } from './port.js';
import type { ProbeTarget } from './types.js';

export const KUBE_VERSION = '1.32';
const MAX_BODY = 10 * 1024;
const MAX_REDIRECTS = 10;

export type HttpGetOutcome =
  | { kind: 'response'; status: number; body: string; redirectedAway: boolean }
  | { kind: 'error'; message: string };

/** The probe's URL (the kubelet's formatURL), or a message. */
export function httpGetUrl(action: KubeObject, target: Pick<ProbeTarget, 'podIP' | 'containerPorts'>): URL | string {
  const port = resolvePort(action['port'], target.containerPorts);
  if (typeof port === 'string') return port;
  const scheme = String(action['scheme'] ?? 'HTTP').toLowerCase();
  const host = String(action['host'] || target.podIP);
  let path = String(action['path'] ?? '');
  if (!path.startsWith('/')) path = '/' + path;
  try {
    return new URL(`${scheme}://${joinHostPort(host, port)}${path}`);
  } catch {
    return `invalid URL for ${scheme}://${joinHostPort(host, port)}${path}`;
  }
}

function once(url: URL, headers: Record<string, string>, deadline: number, signal: AbortSignal | undefined): Promise<{ res: IncomingMessage; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const remaining = Math.max(1, deadline - Date.now());
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, { method: 'GET', headers, agent: false, rejectUnauthorized: false, signal });
    let settled = false;
    const finish = (v: { res: IncomingMessage; body: string } | { error: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(v);
    };
    const timer = setTimeout(() => {
      finish({ error: `Get "${url.href}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
      req.destroy();
    }, Number.isFinite(deadline) ? remaining : 2 ** 31 - 1);
    req.once('error', (e: NodeJS.ErrnoException) => {
      const addr = joinHostPort(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
      const why = e.code === 'ECONNREFUSED' ? `dial tcp ${addr}: connect: connection refused` : e.message;
      finish({ error: `Get "${url.href}": ${why}` });
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c.subarray(0, MAX_BODY - size));
        size += c.length;
        if (size >= MAX_BODY) {
          res.destroy();
          finish({ res, body: Buffer.concat(chunks).toString('utf8') });
        }
      });
      res.once('end', () => finish({ res, body: Buffer.concat(chunks).toString('utf8') }));
      res.once('error', () => finish({ res, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.end();
  });
}

/** Runs the GET; timeoutMs 0 means no limit. */
export async function httpGet(url: URL, action: KubeObject, userAgent: string, timeoutMs: number, signal?: AbortSignal): Promise<HttpGetOutcome> {
  const headers: Record<string, string> = { 'User-Agent': userAgent, Accept: '*/*', Connection: 'close' };
  for (const h of (action['httpHeaders'] ?? []) as Array<{ name: string; value: string }>) {
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === h.name.toLowerCase());
    if (existing) delete headers[existing];
    headers[h.name] = h.value;
  }
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  let current = url;
  for (let hop = 0; ; hop++) {
    const r = await once(current, headers, deadline, signal);
    if ('error' in r) return { kind: 'error', message: r.error };
    const status = r.res.statusCode ?? 0;
    const location = r.res.headers.location;
    if (status >= 300 && status < 400 && location && status !== 304) {
      const next = new URL(location, current);
      if (next.hostname !== url.hostname) return { kind: 'response', status, body: r.body, redirectedAway: true };
      if (hop + 1 >= MAX_REDIRECTS) return { kind: 'error', message: `Get "${next.href}": stopped after ${MAX_REDIRECTS} redirects` };
      current = next;
      continue;
    }
    return { kind: 'response', status, body: r.body, redirectedAway: false };
  }
}
