import { request, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { apiErrors, isApiError } from '../../lib/errors.js';
import { isAuthorized } from '../auth.js';
import { statusBody } from '../http/respond.js';
import type { ApiContext } from '../rest/context.js';
import { kubeletErrorFrom, kubeletUnreachable } from './kubelet-error.js';
import { kubeletPath, locateKubelet } from './kubelet-location.js';

const streamPath = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/;
/** Request headers the WebSocket handshake needs end to end; the kubelet gets our token instead of the caller's. */
const forwardedHeaders = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions', 'user-agent'];

/** An error answer on a socket that was not upgraded: a v1 Status, then close. */
function sendStatus(socket: Duplex, err: unknown): void {
  const e = isApiError(err) ? err : apiErrors.internal('the server could not handle the request', err);
  const body = JSON.stringify(statusBody(e));
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${e.httpStatus} ${STATUS_CODES[e.httpStatus] ?? ''}\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  } else socket.destroy();
}

function responseHead(res: IncomingMessage): string {
  let head = `HTTP/1.1 ${res.statusCode ?? 101} ${res.statusMessage ?? 'Switching Protocols'}\r\n`;
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) head += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`;
  return head + '\r\n';
}

/**
 * The API server's `upgrade` handler: pods/{name}/exec over WebSocket (v5/v4.channel.k8s.io) is
 * forwarded to the kubelet server of the pod's node, and the two sockets are piped both ways.
 * Only WebSocket is served: kubectl 1.32 tries it first and falls back to SPDY only when the
 * upgrade fails, and a SPDY upgrade is answered with an error Status. attach and portforward are
 * refused clearly. Any other upgrade gets 404.
 */
export function handleStreamUpgrade(ctx: ApiContext, token: string) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    try {
      const url = new URL(req.url ?? '/', 'https://ordinal.invalid');
      if (!isAuthorized(req, token)) throw apiErrors.unauthorized();
      const m = url.pathname.match(streamPath);
      if (!m) throw apiErrors.pageNotFound();
      const [, namespace, podName, verb] = m.map((s) => decodeURIComponent(s ?? ''));
      if (verb !== 'exec') throw apiErrors.badRequest(`${verb} is not supported`);
      if (req.method !== 'GET' && req.method !== 'POST') throw apiErrors.methodNotAllowed('the server does not allow this method on the requested resource');
      const loc = locateKubelet(ctx, namespace!, podName!, url.searchParams.get('container') ?? '');
      if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
        throw apiErrors.badRequest(`unable to upgrade connection: only WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) is supported for exec, not ${req.headers.upgrade ?? 'this protocol'}`);
      }
      const params = new URLSearchParams(url.searchParams);
      params.delete('container');
      const path = kubeletPath('exec', loc, params);
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      for (const h of forwardedHeaders) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const upstream = request({ host: loc.host, port: loc.port, path, method: 'GET', headers });
      upstream.on('upgrade', (res: IncomingMessage, upSocket: Duplex, upHead: Buffer) => {
        upSocket.on('error', () => socket.destroy());
        socket.on('close', () => upSocket.destroy());
        upSocket.on('close', () => socket.destroy());
        socket.write(responseHead(res));
        if (upHead.length) socket.write(upHead);
        if (head.length) upSocket.write(head);
        upSocket.pipe(socket);
        socket.pipe(upSocket);
      });
      upstream.on('response', (res: IncomingMessage) => {
        void kubeletErrorFrom(res).then((e) => sendStatus(socket, e));
      });
      upstream.on('error', (err) => sendStatus(socket, kubeletUnreachable(`http://${loc.host}:${loc.port}${path}`, err)));
      socket.on('close', () => upstream.destroy());
      upstream.end();
    } catch (err) {
      if (isApiError(err) && err.httpStatus >= 500) ctx.log.error({ err, path: req.url?.split('?')[0] }, 'exec proxy failed');
      sendStatus(socket, err);
    }
  };
}

/** pods/exec or pods/attach as a plain request (no Upgrade header): what kube-apiserver answers. */
export function streamRequestWithoutUpgrade(subresource: string): Error {
  if (subresource === 'exec') return apiErrors.badRequest('Upgrade request required');
  return apiErrors.badRequest(`${subresource} is not supported`);
}
