import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../lib/errors.js';

const reasons: Record<number, string> = { 400: 'BadRequest', 404: 'NotFound', 409: 'Conflict', 503: 'ServiceUnavailable' };

/** A kubelet server's error answer (plain text) as the API error the client sees. */
export function kubeletError(status: number, body: string): ApiError {
  const message = body.trim() || `the node agent answered ${status}`;
  if (status === 401 || status === 403) return new ApiError('E_KUBELET', 500, 'InternalError', `the node agent refused the API server (${status}): ${message}`);
  return new ApiError('E_KUBELET', status, reasons[status] ?? 'InternalError', message);
}

/** Reads a kubelet server's error answer and turns it into the API error (kubeletError). */
export function kubeletErrorFrom(res: IncomingMessage): Promise<ApiError> {
  return new Promise((resolve) => {
    let text = '';
    const done = (): void => resolve(kubeletError(res.statusCode ?? 500, text));
    res.setEncoding('utf8');
    res.on('data', (d: string) => (text += d));
    res.on('end', done);
    res.on('error', done);
  });
}

/** The node agent cannot be reached (kube-apiserver answers 500 with the dial error). */
export function kubeletUnreachable(url: string, err: Error): ApiError {
  return new ApiError('E_KUBELET_UNREACHABLE', 500, 'InternalError', `Get "${url}": ${err.message}`, undefined, { cause: err });
}
