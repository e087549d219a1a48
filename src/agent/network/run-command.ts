import { execFile } from 'node:child_process';
import { NetworkError } from './network-error.js';

/** Runs a program to completion and resolves with its stdout; rejects with a NetworkError. */
export type RunCommand = (file: string, args: readonly string[]) => Promise<string>;

export const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const why = String(stderr).trim() || error.message;
        reject(new NetworkError('E_COMMAND', `${file} ${args.join(' ')}: ${why}`, { cause: error }));
      } else {
        resolve(String(stdout));
      }
    });
  });
