import { ApiRequestError } from '../../client/index.js';
import { scrubValues } from './redact.js';

/** The one line kubectl prints for an error: `Error from server (NotFound): ...` or `error: ...`. */
export function formatError(err: unknown, secretValues: string[] = []): string {
  let line: string;
  if (err instanceof ApiRequestError) {
    line = err.reason ? `Error from server (${err.reason}): ${err.message}` : `Error from server: ${err.message}`;
  } else {
    const message = err instanceof Error ? err.message : String(err);
    line = `error: ${message}`;
  }
  return scrubValues(line, secretValues);
}
