import { constants } from 'node:os';
import type { ContainerExit } from './types.js';

const signalNames = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** 128 + the signal's number, as shells and container runtimes report a signalled process. */
export function signalExitCode(signal: NodeJS.Signals | string): number {
  return 128 + (constants.signals[signal as NodeJS.Signals] ?? 0);
}

/**
 * A container's exit from how the outer bwrap ended. bwrap exits with 128 + n when the container's
 * PID 1 was killed by signal n (it cannot be told from a program's own `exit 137`; runtimes report
 * both as 137), and bwrap itself may be signalled.
 */
export function containerExit(code: number | null, signal: NodeJS.Signals | null, finishedAt: Date): ContainerExit {
  if (signal !== null) return { exitCode: signalExitCode(signal), signal, finishedAt };
  const exitCode = code ?? 0;
  const name = exitCode > 128 ? signalNames.get(exitCode - 128) : undefined;
  return name === undefined ? { exitCode, finishedAt } : { exitCode, signal: name, finishedAt };
}
