import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, apiErrors } from '../../lib/errors.js';
import { decodeKubernetesProtobuf } from './protobuf/decode.js';

const maxBodyBytes = 3 * 1024 * 1024; // kube-apiserver's request size limit

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new ApiError('E_TOO_LARGE', 413, 'RequestEntityTooLarge', `request body is larger than ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

/** Decode a request body as JSON or YAML (by Content-Type). Errors are 400 with the decoder's reason. */
export function decodeBody(buf: Buffer, contentType: string): unknown {
  if (contentType.startsWith('application/vnd.kubernetes.protobuf')) return decodeKubernetesProtobuf(buf);
  const text = buf.toString('utf8');
  if (text.trim().length === 0) throw apiErrors.badRequest('the request body is empty');
  if (contentType === 'application/yaml' || contentType === 'application/x-yaml' || contentType === 'text/yaml') {
    try {
      return parseYaml(text, { uniqueKeys: true });
    } catch (e) {
      throw apiErrors.badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw apiErrors.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

export function decodeObject(buf: Buffer, contentType: string): Record<string, unknown> {
  const v = decodeBody(buf, contentType);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw apiErrors.badRequest(`the request body must be a JSON object, got ${Array.isArray(v) ? 'an array' : typeof v}`);
  }
  return v as Record<string, unknown>;
}
