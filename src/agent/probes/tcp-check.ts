import { connect } from 'node:net';
import { joinHostPort } from './port.js';

/** Opens and closes a TCP connection; '' on success, else a Go-style dial error. */
export function tcpCheck(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; output: string }> {
  const address = joinHostPort(host, port);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let done = false;
    const finish = (ok: boolean, output: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok, output });
    };
    const timer = setTimeout(() => finish(false, `dial tcp ${address}: i/o timeout`), timeoutMs > 0 ? timeoutMs : 2 ** 31 - 1);
    socket.once('connect', () => finish(true, ''));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ECONNREFUSED' ? 'connect: connection refused' : e.code === 'EHOSTUNREACH' ? 'connect: no route to host' : e.message;
      finish(false, `dial tcp ${address}: ${why}`);
    });
  });
}
