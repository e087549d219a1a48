/** Stop the data dir's `ordinal server` with SIGTERM and wait until it is gone (never deletes data). */
import { CliError } from '../commands/cli-error.js';
import { isProcessAlive, isServerFor, readServerState } from './server-state.js';

export type StopOutcome = { stopped: true; pid: number } | { stopped: false; why: string };

export async function stopServer(dataDir: string, timeoutMs: number): Promise<StopOutcome> {
  const state = readServerState(dataDir);
  if (!state) return { stopped: false, why: `no ordinal server runs for ${dataDir}` };
  if (!isProcessAlive(state.pid)) return { stopped: false, why: `no ordinal server runs for ${dataDir} (pid ${state.pid} of its apiserver.json is gone)` };
  if (!isServerFor(state.pid, dataDir)) {
    return { stopped: false, why: `no ordinal server runs for ${dataDir} (pid ${state.pid} of its apiserver.json is now another program; left alone)` };
  }
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return { stopped: true, pid: state.pid };
    throw new CliError(`cannot signal ordinal server pid ${state.pid}: ${(err as Error).message}`, { cause: err });
  }
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(state.pid)) {
    if (Date.now() > deadline) {
      throw new CliError(`ordinal server pid ${state.pid} still runs ${Math.round(timeoutMs / 1000)}s after SIGTERM (it may still be stopping pods); wait longer with --timeout, or kill -9 ${state.pid}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { stopped: true, pid: state.pid };
}
