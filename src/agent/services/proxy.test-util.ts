/** Real-socket helpers shared by the proxy tests (test-only; not exported from index.ts). */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TestServer {
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** Answers each connection with `tag` and closes (on loopback, or `host`). */
export async function taggedServer(tag: string, host = '127.0.0.1'): Promise<TestServer> {
  return serve(createServer((s) => s.end(tag)), host);
}

/** Reads until the client half-closes, then answers `<tag>:<bytes read>` and closes. */
export async function countingServer(tag: string, host = '127.0.0.1'): Promise<TestServer> {
  return serve(
    createServer({ allowHalfOpen: true }, (s) => {
      let n = 0;
      s.on('data', (d: Buffer) => (n += d.length));
      s.on('end', () => s.end(`${tag}:${n}`));
    }),
    host,
  );
}

async function serve(server: Server, host: string): Promise<TestServer> {
  const open = new Set<Socket>();
  const result: TestServer = {
    port: 0,
    connections: 0,
    close: () => {
      for (const s of open) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
  server.on('connection', (s) => {
    result.connections++;
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => s.destroy());
  });
  server.listen(0, host);
  await once(server, 'listening');
  result.port = (server.address() as AddressInfo).port;
  return result;
}

/** What a connection to host:port yields: the bytes until the end, or the error code (ECONNRESET...). */
export function fetchText(host: string, port: number, send?: string | Buffer, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    s.setTimeout(timeoutMs, () => s.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    s.on('connect', () => (send === undefined ? undefined : s.end(send)));
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('end', () => {
      s.end();
      resolve(Buffer.concat(chunks).toString());
    });
    s.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? err.message}`));
  });
}

/** A UDP server that answers each datagram with `<tag>:<datagram>`. */
export async function udpEcho(tag: string, host = '127.0.0.1'): Promise<TestServer> {
  const sock = createSocket('udp4');
  const result: TestServer = { port: 0, connections: 0, close: () => new Promise((r) => sock.close(() => r())) };
  sock.on('message', (m, r) => {
    result.connections++;
    sock.send(`${tag}:${m.toString()}`, r.port, r.address);
  });
  sock.bind(0, host);
  await once(sock, 'listening');
  result.port = sock.address().port;
  return result;
}

/** Sends `text` from one client socket per call (or the given one) and waits for one answer. */
export async function udpAsk(host: string, port: number, text: string, timeoutMs = 2000): Promise<string> {
  const sock = createSocket('udp4');
  try {
    const answer = once(sock, 'message');
    sock.send(text, port, host);
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('udp timeout')), timeoutMs).unref());
    const [msg] = (await Promise.race([answer, timer])) as [Buffer];
    return msg.toString();
  } finally {
    sock.close();
  }
}

export const randomLoopback = (): string => `127.${10 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
export const randomPort = (): number => 20000 + Math.floor(Math.random() * 20000);
