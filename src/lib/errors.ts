/**
 * Errors carry a stable `code`. API errors also carry the HTTP status and the Kubernetes
 * StatusReason; src/apiserver/http/status.ts is the one place that turns them into a v1 Status.
 */
export class OrdinalError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** One entry of Status.details.causes, as kube-apiserver reports field errors. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A failure the API reports to its client as a metav1.Status. */
export class ApiError extends OrdinalError {
  readonly httpStatus: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;
  constructor(code: string, httpStatus: number, reason: string, message: string, details?: StatusDetails, options?: { cause?: unknown }) {
    super(code, message, options);
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.details = details;
  }
}

function qualified(resource: string, group?: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const apiErrors = {
  notFound(resource: string, name: string, group?: string): ApiError {
    return new ApiError('E_NOT_FOUND', 404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group: group ?? '', kind: resource });
  },
  pageNotFound(): ApiError {
    return new ApiError('E_NOT_FOUND', 404, 'NotFound', 'the server could not find the requested resource', {});
  },
  alreadyExists(resource: string, name: string, group?: string): ApiError {
    return new ApiError('E_ALREADY_EXISTS', 409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, group: group ?? '', kind: resource });
  },
  conflict(resource: string, name: string, why: string, group?: string): ApiError {
    return new ApiError('E_CONFLICT', 409, 'Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`, { name, group: group ?? '', kind: resource });
  },
  invalid(kind: string, name: string, causes: StatusCause[], group?: string): ApiError {
    const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
    return new ApiError('E_INVALID', 422, 'Invalid', `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${summary}`, { name, group: group ?? '', kind, causes });
  },
  badRequest(message: string, causes?: StatusCause[]): ApiError {
    return new ApiError('E_BAD_REQUEST', 400, 'BadRequest', message, causes ? { causes } : undefined);
  },
  gone(message: string): ApiError {
    return new ApiError('E_GONE', 410, 'Expired', message);
  },
  unauthorized(): ApiError {
    return new ApiError('E_UNAUTHORIZED', 401, 'Unauthorized', 'Unauthorized');
  },
  methodNotAllowed(message: string): ApiError {
    return new ApiError('E_METHOD_NOT_ALLOWED', 405, 'MethodNotAllowed', message);
  },
  notAcceptable(message: string): ApiError {
    return new ApiError('E_NOT_ACCEPTABLE', 406, 'NotAcceptable', message);
  },
  unsupportedMediaType(message: string): ApiError {
    return new ApiError('E_UNSUPPORTED_MEDIA_TYPE', 415, 'UnsupportedMediaType', message);
  },
  tooManyRequests(message: string, causes?: StatusCause[], retryAfterSeconds?: number): ApiError {
    return new ApiError('E_TOO_MANY_REQUESTS', 429, 'TooManyRequests', message, { causes: causes ?? [], ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  },
  forbidden(resource: string, name: string, why: string, group?: string): ApiError {
    return new ApiError('E_FORBIDDEN', 403, 'Forbidden', `${qualified(resource, group)} "${name}" is forbidden: ${why}`, { name, group: group ?? '', kind: resource });
  },
  internal(message: string, cause?: unknown): ApiError {
    return new ApiError('E_INTERNAL', 500, 'InternalError', `Internal error occurred: ${message}`, undefined, { cause });
  },
};

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
