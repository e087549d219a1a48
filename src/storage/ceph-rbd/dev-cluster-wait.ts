/** Waiting for a dev cluster's daemons: free ports, and a line in a daemon's log (no process spawned per look). */
import { closeSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { OrdinalError } from '../../lib/errors.js';
import { sizeOf } from './daemon-process.js';

/** True when nothing listens on 127.0.0.1:port (we could bind it). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Text appended to a file since offset (at most the last 1 MiB of it). */
export function readSince(path: string, offset: number): string {
  const end = sizeOf(path);
  const start = Math.max(offset, end - 1024 * 1024);
  if (end <= start) return '';
  const buf = Buffer.alloc(end - start);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

/** The last lines of a file written since offset, for an error message. */
export function tailSince(path: string, offset: number, lines = 8): string {
  return readSince(path, offset).replace(/\n+$/, '').split('\n').slice(-lines).join('\n');
}

export interface LogWait {
  file: string;
  offset: number;
  pattern: RegExp;
  /** What we wait for, for the timeout message. */
  what: string;
  timeoutMs: number;
  /** Why waiting is pointless (the daemon exited), or undefined while it runs. */
  failed: () => string | undefined;
}

export async function waitForLogLine(w: LogWait): Promise<void> {
  const deadline = Date.now() + w.timeoutMs;
  for (;;) {
    if (w.pattern.test(readSince(w.file, w.offset))) return;
    const why = w.failed();
    if (why !== undefined) throw new OrdinalError('E_CEPH_DEV', why);
    if (Date.now() > deadline) throw new OrdinalError('E_CEPH_DEV', `${w.what}: not seen after ${Math.round(w.timeoutMs / 1000)} s; the end of ${w.file}:\n${tailSince(w.file, w.offset)}`);
    await sleep(50);
  }
}
