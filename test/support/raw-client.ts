import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Plain HTTPS requests against a server's data dir credentials, for what typed clients won't send. */
export function rawClient(dataDir: string, url: () => string) {
  const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'));
  const token = readFileSync(join(dataDir, 'token'), 'utf8').trim();
  return (method: string, path: string, options: { body?: string | Buffer; contentType?: string; accept?: string; token?: string | null } = {}): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const u = new URL(path, url());
      const headers: Record<string, string> = {};
      const tok = options.token === undefined ? token : options.token;
      if (tok !== null) headers['Authorization'] = `Bearer ${tok}`;
      if (options.contentType) headers['Content-Type'] = options.contentType;
      if (options.accept) headers['Accept'] = options.accept;
      // Node sends a DELETE body without framing unless told its length
      if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
      const req = request(u, { method, headers, ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      });
      req.on('error', reject);
      if (options.body !== undefined) req.write(options.body);
      req.end();
    });
}
