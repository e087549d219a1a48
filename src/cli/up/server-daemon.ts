/**
 * `ordinal server` in the background for `up`: reuse the one that serves the data dir (its pid
 * alive, its command line an ordinal server for that dir, /readyz answering), or start one
 * detached with its output appended to DATA_DIR/server.log, and wait until it is ready.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { KubeClient } from '../../client/index.js';
import { CliError } from '../commands/cli-error.js';
import { isProcessAlive, isServerFor, kubeconfigPathOf, logPathOf, readServerState, type ServerState } from './server-state.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunningServer extends ServerState {
  /** True when this call started it. */
  started: boolean;
  logPath: string;
}

export interface StartOptions {
  dataDir: string;
  /** Extra `ordinal server` flags (--nodes, --listen, --log-level ...). */
  serverArgs: string[];
  /** How long the server may take to answer /readyz. */
  readyTimeoutMs?: number;
  /** The CLI entry to run (default: the one running now). */
  cliEntry?: string;
}


/** /readyz of the server the data dir's kubeconfig points at. */
export async function isApiReady(dataDir: string): Promise<boolean> {
  let client: KubeClient | undefined;
  try {
    client = await KubeClient.fromFile(kubeconfigPathOf(dataDir));
    const answer = await client.request<string>('GET', '/readyz', { timeoutMs: 2000, accept: 'text/plain' });
    return String(answer).trim() === 'ok';
  } catch {
    return false;
  } finally {
    client?.close();
  }
}

/** The server for this data dir if one runs and answers (waiting up to graceMs for one that is starting). */
export async function findRunningServer(dataDir: string, graceMs = 10_000): Promise<RunningServer | undefined> {
  const state = readServerState(dataDir);
  if (!state || !isServerFor(state.pid, dataDir)) return undefined;
  const deadline = Date.now() + graceMs;
  for (;;) {
    if (await isApiReady(dataDir)) return { ...state, started: false, logPath: logPathOf(dataDir) };
    if (!isProcessAlive(state.pid)) return undefined;
    if (Date.now() > deadline) {
      throw new CliError(`an ordinal server (pid ${state.pid}) runs for ${dataDir} but its API does not answer at ${state.url}/readyz; see ${logPathOf(dataDir)}, or stop it with \`ordinal down\``);
    }
    await sleep(250);
  }
}

/** The last lines of the log written since `offset`. */
export function logTail(path: string, offset: number, lines = 20): string {
  try {
    const text = readFileSync(path).subarray(offset).toString('utf8');
    return text.replace(/\n$/, '').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** Start `ordinal server` detached (it outlives this process) and wait until its API is ready. */
export async function startServerDaemon(options: StartOptions): Promise<RunningServer> {
  const { dataDir } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logPath = logPathOf(dataDir);
  const offset = sizeOf(logPath);
  const fd = openSync(logPath, 'a', 0o600);
  chmodSync(logPath, 0o600);
  const entry = options.cliEntry ?? process.argv[1];
  if (!entry) throw new CliError('cannot tell which program runs the CLI');
  let exited: string | undefined;
  try {
    const child = spawn(process.execPath, [entry, 'server', '--data-dir', dataDir, ...options.serverArgs], {
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.once('exit', (code, signal) => (exited = signal ?? `code ${code}`));
    child.once('error', (err) => (exited = err.message));
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new CliError(`cannot start ordinal server: ${exited ?? 'spawn failed'}`);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (exited !== undefined) {
        throw new CliError(`ordinal server exited (${exited}) before it was ready; the end of ${logPath}:\n${logTail(logPath, offset)}`);
      }
      const state = readServerState(dataDir);
      if (state?.pid === pid && (await isApiReady(dataDir))) return { ...state, started: true, logPath };
      if (Date.now() > deadline) {
        throw new CliError(`ordinal server (pid ${pid}) was not ready after ${Math.round((options.readyTimeoutMs ?? 60_000) / 1000)}s; it keeps running - the end of ${logPath}:\n${logTail(logPath, offset)}`);
      }
      await sleep(100);
    }
  } finally {
    closeSync(fd);
  }
}
