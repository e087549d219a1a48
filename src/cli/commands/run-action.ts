import { formatError } from '../print/errors.js';

/** Report an error the way kubectl does (stderr, one line) and make the process exit 1. */
export function reportError(err: unknown, secretValues: string[] = []): void {
  process.stderr.write(formatError(err, secretValues) + '\n');
  process.exitCode = 1;
}

/** Wrap a verb's action so that any error it throws is reported kubectl-style. */
export function runAction<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      reportError(err);
    }
  };
}

export function print(text: string): void {
  process.stdout.write(text);
}
