import type { ServerResponse } from 'node:http';
import { apiErrors, isApiError, type ApiError } from '../../lib/errors.js';

type Gate = (send: () => void) => void;
const gates = new WeakMap<ServerResponse, Gate>();

/** Hold this response until the store has committed what the request wrote (or read). */
export function gateResponse(res: ServerResponse, gate: Gate): void {
  gates.set(res, gate);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const send = (): void => {
    if (res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
    res.end(text);
  };
  const gate = gates.get(res);
  if (gate) gate(send);
  else send();
}

export function statusBody(e: ApiError): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: e.message,
    reason: e.reason,
    ...(e.details ? { details: e.details } : {}),
    code: e.httpStatus,
  };
}

export function successStatus(details: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

/** The one place an error becomes an HTTP answer. Unknown errors become 500 without internals. */
export function sendError(res: ServerResponse, err: unknown): ApiError {
  const e = isApiError(err) ? err : apiErrors.internal('the server could not handle the request', err);
  if (res.headersSent) {
    res.destroy();
    return e;
  }
  const headers: Record<string, string> = {};
  if (e.details?.retryAfterSeconds !== undefined) headers['Retry-After'] = String(e.details.retryAfterSeconds);
  sendJson(res, e.httpStatus, statusBody(e), headers);
  return e;
}
