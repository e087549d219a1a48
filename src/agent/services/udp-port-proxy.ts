import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { silentLogger, type Logger } from '../../lib/log.js';
import type { EndpointRotation } from './endpoint-rotation.js';
import { ServiceNetworkError } from './service-network-error.js';
import type { PortProxy } from './tcp-port-proxy.js';
import type { ProxyEndpoint } from './types.js';

export interface UdpPortProxyOptions {
  host: string;
  port: number;
  rotation: EndpointRotation;
  /** A client's session (its upstream socket) ends after this long without a datagram; default 60 s. */
  idleTimeoutMs?: number;
  log?: Logger;
}

interface Session {
  endpoint: ProxyEndpoint;
  upstream: Socket;
  timer: NodeJS.Timeout;
}

/**
 * One UDP Service port, as the userspace kube-proxy did it: each client address gets a session with
 * its own upstream socket to one endpoint (chosen round-robin when the session starts), replies go
 * back from the Service address, and a session ends after an idle timeout or when its endpoint
 * stops being ready. Without endpoints datagrams are dropped (UDP has no reset to give).
 */
export class UdpPortProxy implements PortProxy {
  private readonly socket: Socket;
  private readonly sessions = new Map<string, Session>();
  private readonly log: Logger;

  constructor(private readonly options: UdpPortProxyOptions) {
    this.log = options.log ?? silentLogger();
    this.socket = createSocket('udp4');
    this.socket.on('message', (msg, rinfo) => this.fromClient(msg, rinfo.address, rinfo.port));
  }

  async start(): Promise<void> {
    this.socket.bind(this.options.port, this.options.host);
    try {
      await once(this.socket, 'listening');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
      throw new ServiceNetworkError('E_PROXY_BIND', `cannot listen on ${this.options.host}:${this.options.port}/UDP (${code})`, { cause: err });
    }
    this.socket.on('error', (err) => this.log.warn({ err, port: this.options.port }, 'udp service proxy socket error'));
  }

  async close(): Promise<void> {
    for (const key of [...this.sessions.keys()]) this.end(key);
    await new Promise<void>((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // never bound, or closed already
      }
    });
  }

  /** Sessions open now (for tests and metrics). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  private fromClient(msg: Buffer, address: string, port: number): void {
    const key = `${address}:${port}`;
    let session = this.sessions.get(key);
    if (session && !this.options.rotation.has(session.endpoint)) {
      this.end(key);
      session = undefined;
    }
    session ??= this.open(key, address, port);
    if (!session) return;
    this.touch(key, session);
    session.upstream.send(msg, session.endpoint.port, session.endpoint.ip, (err) => err && this.log.debug({ err }, 'udp forward failed'));
  }

  private open(key: string, address: string, port: number): Session | undefined {
    const endpoint = this.options.rotation.take()[0];
    if (!endpoint) return undefined;
    const upstream = createSocket('udp4');
    upstream.on('message', (reply, rinfo) => {
      if (rinfo.address !== endpoint.ip || rinfo.port !== endpoint.port) return;
      const session = this.sessions.get(key);
      if (session) this.touch(key, session);
      this.socket.send(reply, port, address, (err) => err && this.log.debug({ err }, 'udp reply failed'));
    });
    upstream.on('error', () => this.end(key));
    const session: Session = { endpoint, upstream, timer: setTimeout(() => this.end(key), this.idleMs()) };
    this.sessions.set(key, session);
    return session;
  }

  private touch(key: string, session: Session): void {
    clearTimeout(session.timer);
    session.timer = setTimeout(() => this.end(key), this.idleMs());
    session.timer.unref();
  }

  private idleMs(): number {
    return this.options.idleTimeoutMs ?? 60_000;
  }

  private end(key: string): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    clearTimeout(session.timer);
    try {
      session.upstream.close();
    } catch {
      // not bound yet or closed already
    }
  }
}
