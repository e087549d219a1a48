import type { Readable, Writable } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { OrdinalError } from '../lib/errors.js';
import { ApiConnectionError, errorFromResponse } from './api-request-error.js';
import { channel, execProtocols, exitCodeOf, frame, supportedExecProtocols, type ExecStatus, type TerminalSize } from './exec-protocol.js';
import type { KubeClient } from './kube-client.js';
import { streamConnection } from './stream-connection.js';

export interface ExecInPodOptions {
  namespace: string;
  pod: string;
  /** Omitted: the server picks the pod's only container (an error when it has several). */
  container?: string;
  command: string[];
  /** Sent to the command's stdin; its end closes the command's stdin (v5 servers only). */
  stdin?: Readable;
  tty?: boolean;
  stdout: Writable;
  /** Unused with tty: the terminal carries both streams on stdout. */
  stderr: Writable;
  /**
   * With tty: called once the stream is open with a function that sends a terminal size; call it
   * at once and on every resize (SIGWINCH). May return a function that stops listening.
   */
  onResize?: (send: (size: { cols: number; rows: number }) => void) => (() => void) | void;
}

/** The command ended without a status we understand (not an exit code). */
export class ExecError extends OrdinalError {
  constructor(message: string) {
    super('E_EXEC', message);
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * `kubectl exec` through the API server: a WebSocket on pods/{pod}/exec speaking v5.channel.k8s.io
 * (v4 if the server only has that). Resolves with the command's exit code.
 */
export async function execInPod(client: KubeClient, options: ExecInPodOptions): Promise<{ exitCode: number }> {
  const query = new URLSearchParams();
  for (const c of options.command) query.append('command', c);
  if (options.container) query.set('container', options.container);
  if (options.stdin) query.set('stdin', 'true');
  query.set('stdout', 'true');
  if (!options.tty) query.set('stderr', 'true');
  if (options.tty) query.set('tty', 'true');
  const path = `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods/${encodeURIComponent(options.pod)}/exec`;
  const conn = await streamConnection(client, path, query);
  conn.url.protocol = conn.url.protocol === 'http:' ? 'ws:' : 'wss:';

  return new Promise<{ exitCode: number }>((resolve, reject) => {
    const ws = new WebSocket(conn.url, [...supportedExecProtocols], { ...conn.tls, headers: conn.headers, perMessageDeflate: false });
    let status: ExecStatus | undefined;
    let stopResize: (() => void) | void = undefined;
    let settled = false;
    const finish = (err: Error | undefined, exitCode?: number): void => {
      if (settled) return;
      settled = true;
      if (stopResize) stopResize();
      if (options.stdin) options.stdin.unpipe?.();
      if (err) reject(err);
      else resolve({ exitCode: exitCode ?? 0 });
    };

    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => finish(errorFromResponse(res.statusCode ?? 0, body)));
      res.on('error', (err) => finish(new ApiConnectionError(`Unable to upgrade connection: ${err.message}`, err)));
    });
    ws.on('error', (err) => finish(new ApiConnectionError(`Unable to connect to the server: ${err.message}`, err)));

    ws.on('open', () => {
      const isV5 = ws.protocol === execProtocols.v5;
      if (options.tty && options.onResize) {
        stopResize = options.onResize(({ cols, rows }) => {
          const size: TerminalSize = { Width: cols, Height: rows };
          if (ws.readyState === ws.OPEN) ws.send(frame(channel.resize, JSON.stringify(size)));
        });
      }
      const input = options.stdin;
      if (!input) return;
      const onData = (chunk: Buffer | string): void => {
        if (ws.readyState === ws.OPEN) ws.send(frame(channel.stdin, typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
      };
      const onEnd = (): void => {
        if (isV5 && ws.readyState === ws.OPEN) ws.send(Buffer.from([channel.close, channel.stdin]));
      };
      input.on('data', onData);
      input.once('end', onEnd);
      ws.once('close', () => {
        input.off('data', onData);
        input.off('end', onEnd);
      });
    });

    ws.on('message', (raw: RawData) => {
      const data = toBuffer(raw);
      const body = data.subarray(1);
      if (data[0] === channel.stdout) options.stdout.write(body);
      else if (data[0] === channel.stderr) options.stderr.write(body);
      else if (data[0] === channel.error && body.length > 0) {
        try {
          status = JSON.parse(body.toString('utf8')) as ExecStatus;
        } catch {
          status = { metadata: {}, status: 'Failure', message: body.toString('utf8') };
        }
      }
    });

    ws.on('close', () => {
      if (!status) return finish(new ExecError('the exec stream closed without reporting how the command ended'));
      const code = exitCodeOf(status);
      if (code === undefined) return finish(new ExecError(status.message ?? 'the command failed'));
      finish(undefined, code);
    });
  });
}
