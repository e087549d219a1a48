import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { silentLogger, type Logger } from '../../lib/log.js';
import { ClusterDnsRecords } from './cluster-dns-records.js';
import { UDP_MAX_SIZE } from './message.js';
import { respond } from './responder.js';

export interface DnsServerOptions {
  host: string;
  /** 0 picks a free port (UDP first; TCP then binds the same number). */
  port: number;
  /** Also answer over TCP (for truncated answers); default true. */
  tcp?: boolean;
}

export interface DnsServerDeps {
  log?: Logger;
}

const MAX_TCP_MESSAGE = 65535;

/**
 * The embedded, authoritative-only DNS server for the cluster zone: answers from the record set it
 * holds, refuses everything else (no recursion, no forwarding). UDP, plus TCP on the same port.
 */
export class DnsServer {
  private records: ClusterDnsRecords;
  private udp: Socket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<TcpSocket>();
  private readonly log: Logger;

  constructor(records: ClusterDnsRecords = ClusterDnsRecords.empty(), deps: DnsServerDeps = {}) {
    this.records = records;
    this.log = deps.log ?? silentLogger();
  }

  /** Swaps the whole record set; queries in flight see either the old or the new one. */
  update(records: ClusterDnsRecords): void {
    this.records = records;
  }

  async start(options: DnsServerOptions): Promise<{ host: string; port: number }> {
    if (this.udp) throw new Error('DnsServer already started');
    const family = options.host.includes(':') ? 'udp6' : 'udp4';
    const udp = createSocket(family);
    udp.on('message', (msg, rinfo) => this.onUdp(udp, msg, rinfo.address, rinfo.port));
    udp.on('error', (err) => this.log.warn({ err }, 'dns udp socket error'));
    udp.bind(options.port, options.host);
    try {
      await once(udp, 'listening');
    } catch (err) {
      try {
        udp.close();
      } catch {
        // the failed bind may have closed it already
      }
      throw err;
    }
    this.udp = udp;
    const port = udp.address().port;
    if (options.tcp ?? true) {
      try {
        this.tcp = await this.listenTcp(options.host, port);
      } catch (err) {
        await this.stop();
        throw err;
      }
    }
    this.log.info({ host: options.host, port }, 'dns server listening');
    return { host: options.host, port };
  }

  async stop(): Promise<void> {
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = undefined;
    this.tcp = undefined;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }

  private onUdp(udp: Socket, msg: Buffer, address: string, port: number): void {
    const out = this.answer(msg, UDP_MAX_SIZE);
    if (out) udp.send(out, port, address, (err) => err && this.log.debug({ err }, 'dns udp send failed'));
  }

  private answer(msg: Buffer, maxSize: number): Buffer | undefined {
    try {
      return respond(msg, this.records, { maxSize });
    } catch (err) {
      this.log.warn({ err }, 'dns query failed');
      // SERVFAIL rather than silence: a resolver waits out its timeout (glibc: 5 s, blocking the
      // caller - a Redis Sentinel's whole event loop) for a query nobody answers
      return servfail(msg);
    }
  }

  private async listenTcp(host: string, port: number): Promise<Server> {
    const server = createServer((socket) => this.onTcp(socket));
    server.listen(port, host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err))]);
    return server;
  }

  /** RFC 1035 4.2.2: each message is preceded by its two-byte length; a connection may carry many. */
  private onTcp(socket: TcpSocket): void {
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(10_000, () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const msg = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const out = this.answer(Buffer.from(msg), MAX_TCP_MESSAGE);
        if (!out) continue;
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(out.length);
        socket.write(Buffer.concat([prefix, out]));
      }
    });
  }
}

/** A SERVFAIL for a query whose header can be read: its id, opcode, RD and first question kept. */
function servfail(query: Buffer): Buffer | undefined {
  if (query.length < 12 || (query[2]! & 0x80) !== 0) return undefined; // not a query
  let end = 12;
  if (query.readUInt16BE(4) > 0) {
    while (end < query.length && query[end] !== 0 && (query[end]! & 0xc0) === 0) end += query[end]! + 1;
    end = end < query.length && query[end] === 0 ? end + 5 : 12; // the root label, type and class
  }
  if (end > query.length) end = 12;
  const out = Buffer.alloc(end);
  query.copy(out, 0, 0, end);
  out[2] = 0x80 | (query[2]! & 0x79); // QR, the query's opcode and RD
  out[3] = 2; // RCODE SERVFAIL
  out.writeUInt16BE(end > 12 ? 1 : 0, 4);
  out.fill(0, 6, 12); // no answer, authority or additional records
  return out;
}
