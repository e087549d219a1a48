import type { Readable } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { channel, execProtocols, exitStatus, failureStatus, frame, type ExecStatus } from '../../client/exec-protocol.js';
import type { Logger } from '../../lib/log.js';
import type { ExecProcess } from '../sandbox/types.js';

export interface ExecStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Sends pause the output once this many messages wait to be written to the socket. */
const maxPendingSends = 32;
/** How long output may still arrive after the command has exited. */
const outputGraceMs = 2000;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * One `kubectl exec` over an open WebSocket: stdin from channel 0 (closed by v5's [255, 0]), the
 * process's stdout and stderr to channels 1 and 2, resizes from channel 4; once the process has
 * ended and its output is sent, the status on channel 3, then a normal close. A client that goes
 * away kills the process.
 */
export function runExecSession(ws: WebSocket, proc: ExecProcess, command: string[], streams: ExecStreams, log: Logger): Promise<void> {
  const isV5 = ws.protocol === execProtocols.v5;
  let pending = 0;
  const outputs: Readable[] = [];

  const send = (ch: number, data: Buffer | string, source?: Readable): void => {
    if (ws.readyState !== ws.OPEN) return;
    pending++;
    if (source && pending >= maxPendingSends) source.pause();
    ws.send(frame(ch, data), { binary: true }, () => {
      pending--;
      if (pending < maxPendingSends) for (const o of outputs) if (o.isPaused()) o.resume();
    });
  };

  const pipeOutput = (source: Readable | undefined, ch: number, wanted: boolean): Promise<void> => {
    if (!source) return Promise.resolve();
    outputs.push(source);
    return new Promise<void>((resolve) => {
      source.on('data', (chunk: Buffer) => {
        if (wanted) send(ch, chunk, source);
      });
      source.on('end', resolve);
      source.on('close', resolve);
      source.on('error', () => resolve());
    });
  };

  if (!streams.stdin) proc.stdin.end();
  proc.stdin.on('error', () => undefined); // the process may exit before reading its input

  ws.on('message', (raw: RawData) => {
    const data = toBuffer(raw);
    const ch = data[0];
    const body = data.subarray(1);
    if (ch === channel.stdin) {
      if (streams.stdin && body.length > 0 && !proc.stdin.writableEnded) proc.stdin.write(body);
    } else if (ch === channel.resize) {
      try {
        const size = JSON.parse(body.toString('utf8')) as { Width?: number; Height?: number };
        if (streams.tty && size.Width && size.Height) proc.resize(size.Width, size.Height);
      } catch {
        log.debug('ignoring a malformed resize message');
      }
    } else if (isV5 && ch === channel.close && body[0] === channel.stdin) {
      proc.stdin.end();
    }
  });

  let finished = false;
  ws.on('close', () => {
    if (!finished) proc.kill();
  });
  ws.on('error', (err) => log.debug({ err }, 'exec websocket error'));

  const outputDone = Promise.all([pipeOutput(proc.stdout, channel.stdout, streams.stdout), pipeOutput(proc.stderr, channel.stderr, streams.stderr && !streams.tty)]);
  return proc.exited.then(async ({ exitCode }) => {
    // a background child may hold the output open after the command ended: do not wait for it forever
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([outputDone, new Promise<void>((resolve) => (timer = setTimeout(resolve, outputGraceMs)))]);
    clearTimeout(timer);
    finished = true;
    const status: ExecStatus = Number.isInteger(exitCode) ? exitStatus(command, exitCode) : failureStatus('the command ended without an exit code');
    send(channel.error, JSON.stringify(status));
    if (ws.readyState === ws.OPEN) ws.close(1000);
  });
}
