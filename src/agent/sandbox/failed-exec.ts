import { PassThrough } from 'node:stream';
import type { ExecProcess } from './types.js';

/** An exec that could not start: the runtime's message on its error stream and the exit code. */
export function failedExec(tty: boolean, message: string, exitCode: number): ExecProcess {
  const stdout = new PassThrough();
  const stderr = tty ? undefined : new PassThrough();
  (stderr ?? stdout).write(`${message}${tty ? '\r\n' : '\n'}`);
  stdout.end();
  stderr?.end();
  return { stdin: new PassThrough(), stdout, stderr, resize: () => undefined, exited: Promise.resolve({ exitCode }), kill: () => undefined };
}
