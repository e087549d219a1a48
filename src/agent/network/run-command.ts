import { execFile } from 'node:child_process';
import { NetworkError } from './network-error.js';

/**
 * Runs a program to completion and resolves with its stdout; rejects with a NetworkError. `input`,
 * when given, is written to its stdin (`ip -batch -`).
 */
export type RunCommand = (file: string, args: readonly string[], input?: string) => Promise<string>;

export const runCommand: RunCommand = (file, args, input) =>
  new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const why = String(stderr).trim() || error.message;
        const what = input === undefined ? '' : ` (${input.trim().split('\n').join('; ')})`;
        reject(new NetworkError('E_COMMAND', `${file} ${args.join(' ')}${what}: ${why}`, { cause: error }));
      } else {
        resolve(String(stdout));
      }
    });
    child.stdin?.on('error', () => undefined); // a program that exits early closes its stdin; its exit code tells
    child.stdin?.end(input ?? '');
  });
