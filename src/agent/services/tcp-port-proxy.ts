import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { silentLogger, type Logger } from '../../lib/log.js';
import type { EndpointRotation } from './endpoint-rotation.js';
import { ServiceNetworkError } from './service-network-error.js';
import type { ProxyEndpoint } from './types.js';

export interface PortProxyOptions {
  host: string;
  port: number;
  /** Shared with the owner, who replaces its endpoints as they change. */
  rotation: EndpointRotation;
  /** How long one endpoint may take to accept before the next is tried; default 1000 ms. */
  connectTimeoutMs?: number;
  log?: Logger;
}

/** A listener that carries one Service port (or node port). */
export interface PortProxy {
  start(): Promise<void>;
  /** Stops listening and drops the connections it carries. */
  close(): Promise<void>;
}

/** Listens and reports a failure to bind as E_PROXY_BIND. */
export async function listenOrExplain(server: Server, host: string, port: number): Promise<void> {
  server.listen({ host, port });
  try {
    await once(server, 'listening');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new ServiceNetworkError('E_PROXY_BIND', `cannot listen on ${host}:${port}/TCP (${code})`, { cause: err });
  }
}

/**
 * One TCP Service port, proxied in userspace like the original kube-proxy: each accepted connection
 * is held (paused) while an endpoint is chosen round-robin, falling through to the next endpoint
 * when a connect is refused or times out; then bytes are piped both ways with backpressure and
 * half-close preserved. No endpoint at all (or none that accepts): the client gets a reset at once.
 */
export class TcpPortProxy implements PortProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly log: Logger;

  constructor(private readonly options: PortProxyOptions) {
    this.log = options.log ?? silentLogger();
    this.server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) => this.accept(client));
    this.server.on('error', (err) => this.log.warn({ err, host: options.host, port: options.port }, 'service proxy listener error'));
  }

  start(): Promise<void> {
    return listenOrExplain(this.server, this.options.host, this.options.port);
  }

  async close(): Promise<void> {
    const closed = this.server.listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : Promise.resolve();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private accept(client: Socket): void {
    const candidates = this.options.rotation.take();
    if (candidates.length === 0) {
      client.resetAndDestroy();
      return;
    }
    this.track(client);
    client.on('error', () => client.destroy());
    this.dial(client, candidates, 0);
  }

  private dial(client: Socket, candidates: ProxyEndpoint[], index: number): void {
    const endpoint = candidates[index];
    if (client.destroyed) return;
    if (!endpoint) {
      this.log.debug({ port: this.options.port, tried: candidates.length }, 'no endpoint accepted; resetting client');
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: endpoint.ip, port: endpoint.port, allowHalfOpen: true, timeout: this.options.connectTimeoutMs ?? 1000 });
    this.track(upstream);
    const giveUp = (): void => {
      upstream.destroy();
      this.dial(client, candidates, index + 1);
    };
    upstream.once('timeout', giveUp);
    upstream.once('error', giveUp);
    const abandon = (): void => void upstream.destroy();
    client.once('close', abandon);
    upstream.once('connect', () => {
      upstream.removeListener('timeout', giveUp);
      upstream.removeListener('error', giveUp);
      client.removeListener('close', abandon);
      upstream.setTimeout(0);
      splice(client, upstream);
    });
  }
}

/** Pipes both ways; an end (FIN) is passed on as a half-close, an error or reset tears both down. */
function splice(client: Socket, upstream: Socket): void {
  upstream.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? client.resetAndDestroy() : client.destroy()));
  client.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? upstream.resetAndDestroy() : upstream.destroy()));
  // Closed without having read the peer's FIN (destroyed, reset): the other side must not linger.
  client.once('close', () => !client.readableEnded && upstream.destroy());
  upstream.once('close', () => !upstream.readableEnded && client.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
}
