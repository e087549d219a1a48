import { ApiRequestError } from '../../client/index.js';

/** Prefix a server error with what we were doing, as kubectl does (`error when creating "f.yaml": ...`). */
export function explainError(err: unknown, doing: string, source: string): unknown {
  if (!(err instanceof ApiRequestError)) return err;
  return new ApiRequestError(err.status, err.reason, `error when ${doing} "${source}": ${err.message}`, err.details);
}
