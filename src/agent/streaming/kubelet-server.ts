import { timingSafeEqual } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { supportedExecProtocols } from '../../client/exec-protocol.js';
import type { Logger } from '../../lib/log.js';
import { runExecSession, type ExecStreams } from './exec-session.js';
import { streamLogFile } from './log-file-reader.js';
import { isTrueParam, parseLogOptions } from './log-options.js';
import { StreamError, type PodStreams } from './types.js';

export interface KubeletServerOptions {
  /** The cluster token: every request but /healthz must carry `Authorization: Bearer <token>`. */
  token: string;
  streams: PodStreams;
  log: Logger;
  /** How often a followed log is looked at when no file event arrives. */
  logPollMs?: number;
}

interface StreamTarget {
  kind: 'containerLogs' | 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
}

/** `/containerLogs/{ns}/{pod}/{container}` and `/exec/...` (`/attach/...` only to refuse it). */
export function parseStreamPath(pathname: string): StreamTarget | undefined {
  const m = pathname.match(/^\/(containerLogs|exec|attach)\/([^/]+)\/([^/]+)(?:\/([^/]*))?\/?$/);
  if (!m) return undefined;
  const d = (s: string | undefined): string => decodeURIComponent(s ?? '');
  return { kind: m[1] as StreamTarget['kind'], namespace: d(m[2]), pod: d(m[3]), container: d(m[4]) };
}

/** Which streams an exec wants; the kubelet's names (input/output/error) and the API's are both accepted. */
export function parseExecStreams(query: URLSearchParams): ExecStreams {
  return {
    stdin: isTrueParam(query, 'stdin', 'input'),
    stdout: isTrueParam(query, 'stdout', 'output'),
    stderr: isTrueParam(query, 'stderr', 'error'),
    tty: isTrueParam(query, 'tty'),
  };
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

function asStreamError(err: unknown): StreamError {
  if (err instanceof StreamError) return err;
  return new StreamError(500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
}

/** Answer on a socket that has not been upgraded: a plain HTTP error, then close. */
function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const body = Buffer.from(message);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${message}`);
}

/**
 * The node agent's streaming endpoint, like a kubelet's :10250 server: container logs over plain
 * HTTP, exec over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io). The API server proxies to it.
 */
export class KubeletServer {
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (offered: Set<string>) => supportedExecProtocols.find((p) => offered.has(p)) ?? false });
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: KubeletServerOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(address: { host: string; port: number }): Promise<{ port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(address.port, address.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const port = (this.server.address() as AddressInfo).port;
    this.options.log.info({ host: address.host, port }, 'kubelet server listening');
    return { port };
  }

  /** Stops listening and ends every open log stream and exec session (their processes are killed). */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const ws of this.wss.clients) ws.terminate();
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private isAuthorized(req: IncomingMessage): boolean {
    const m = (req.headers.authorization ?? '').match(/^Bearer\s+(.+)$/i);
    if (!m) return false;
    const given = Buffer.from(m[1]!.trim());
    const want = Buffer.from(this.options.token);
    return given.length === want.length && timingSafeEqual(given, want);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet.invalid');
    const sendText = (status: number, text: string): void => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (url.pathname === '/healthz') return sendText(200, 'ok');
    if (!this.isAuthorized(req)) return sendText(401, 'Unauthorized');
    const target = parseStreamPath(url.pathname);
    if (!target) return sendText(404, '404 page not found');
    if (target.kind === 'attach') return sendText(400, 'attach is not supported');
    if (target.kind === 'exec') return sendText(400, 'Upgrade request required');
    if (req.method !== 'GET') return sendText(405, 'Method Not Allowed');
    try {
      const options = parseLogOptions(url.searchParams);
      const ref = this.options.streams.containerLog(target.namespace, target.pod, target.container, options.previous);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
      let closed = false;
      res.on('close', () => (closed = true));
      await streamLogFile(
        ref,
        options,
        {
          get closed() {
            return closed;
          },
          write: (chunk) => new Promise<void>((resolve) => (res.write(chunk) ? resolve() : res.once('drain', resolve).once('close', resolve))),
        },
        this.options.logPollMs === undefined ? {} : { pollMs: this.options.logPollMs },
      );
      res.end();
    } catch (err) {
      const e = asStreamError(err);
      if (e.httpStatus >= 500) this.options.log.error({ err, path: url.pathname }, 'container log failed');
      sendText(e.httpStatus, e.message);
    }
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://kubelet.invalid');
    if (!this.isAuthorized(req)) return rejectUpgrade(socket, 401, 'Unauthorized');
    const target = parseStreamPath(url.pathname);
    if (!target || target.kind === 'containerLogs') return rejectUpgrade(socket, 404, '404 page not found');
    if (target.kind === 'attach') return rejectUpgrade(socket, 400, 'attach is not supported');
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return rejectUpgrade(socket, 400, `only WebSocket exec (${supportedExecProtocols.join(', ')}) is supported, not ${req.headers.upgrade ?? 'this upgrade'}`);
    if (!offeredProtocols(req).some((p) => supportedExecProtocols.includes(p))) {
      return rejectUpgrade(socket, 400, `unable to upgrade: no supported stream protocol offered; this server speaks ${supportedExecProtocols.join(', ')}`);
    }
    const command = url.searchParams.getAll('command');
    if (command.length === 0) return rejectUpgrade(socket, 400, 'you must specify at least one command for the container');
    const streams = parseExecStreams(url.searchParams);
    if (!streams.stdin && !streams.stdout && !streams.stderr) return rejectUpgrade(socket, 400, 'you must specify at least one of stdin, stdout, stderr');
    let proc;
    try {
      proc = this.options.streams.exec(target.namespace, target.pod, target.container, command, streams.tty);
    } catch (err) {
      const e = asStreamError(err);
      if (e.httpStatus >= 500) this.options.log.error({ err, path: url.pathname }, 'exec failed');
      return rejectUpgrade(socket, e.httpStatus, e.message);
    }
    const started = proc;
    let upgraded = false;
    socket.once('close', () => {
      if (!upgraded) started.kill(); // once upgraded, the session kills it when the client goes away
    });
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      const log = this.options.log.child({ pod: `${target.namespace}/${target.pod}`, container: target.container });
      log.debug({ command, tty: streams.tty }, 'exec');
      void runExecSession(ws, started, command, streams, log);
    });
  }
}
