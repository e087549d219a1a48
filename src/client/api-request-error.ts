import { OrdinalError } from '../lib/errors.js';

/** Status.details as the API server reports it. */
export interface ApiStatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: Array<{ reason?: string; message?: string; field?: string }>;
  retryAfterSeconds?: number;
}

/** A request the API server answered with an error (a metav1.Status, or a bare HTTP error). */
export class ApiRequestError extends OrdinalError {
  /** The HTTP status code. */
  readonly status: number;
  /** The Kubernetes StatusReason (NotFound, AlreadyExists, ...); '' when the server gave none. */
  readonly reason: string;
  readonly details: ApiStatusDetails | undefined;
  constructor(status: number, reason: string, message: string, details?: ApiStatusDetails) {
    super('E_API_REQUEST', message);
    this.status = status;
    this.reason = reason;
    this.details = details;
  }
}

/** The server could not be reached at all (refused, TLS failure, timeout). */
export class ApiConnectionError extends OrdinalError {
  constructor(message: string, cause?: unknown) {
    super('E_API_CONNECTION', message, { cause });
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiRequestError && err.status === 404;
}

const reasonsByStatus: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Turn an error response body into an ApiRequestError; a v1 Status keeps its reason and message. */
export function errorFromResponse(status: number, body: string): ApiRequestError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object' && (parsed as { kind?: unknown }).kind === 'Status') {
    const s = parsed as { code?: number; reason?: string; message?: string; details?: ApiStatusDetails };
    return new ApiRequestError(s.code ?? status, s.reason ?? '', s.message ?? `the server responded with HTTP ${status}`, s.details);
  }
  const reason = reasonsByStatus[status] ?? '';
  const text = body.trim();
  const message = status === 404 ? 'the server could not find the requested resource' : text && text.length < 500 ? text : `the server responded with HTTP ${status}`;
  return new ApiRequestError(status, reason, message);
}
