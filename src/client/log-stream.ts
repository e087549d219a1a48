import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Writable } from 'node:stream';
import { ApiConnectionError, errorFromResponse } from './api-request-error.js';
import type { KubeClient } from './kube-client.js';
import { streamConnection } from './stream-connection.js';

export interface PodLogOptions {
  namespace: string;
  pod: string;
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  limitBytes?: number;
}

/**
 * GET pods/{pod}/log copied to `out` as it arrives (with follow until the container ends); an
 * error answer becomes an ApiRequestError. The returned promise settles when the stream ends.
 */
export async function streamPodLogs(client: KubeClient, options: PodLogOptions, out: Writable): Promise<void> {
  const query = new URLSearchParams();
  if (options.container) query.set('container', options.container);
  if (options.follow) query.set('follow', 'true');
  if (options.previous) query.set('previous', 'true');
  if (options.tailLines !== undefined) query.set('tailLines', String(options.tailLines));
  if (options.limitBytes !== undefined) query.set('limitBytes', String(options.limitBytes));
  const path = `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods/${encodeURIComponent(options.pod)}/log`;
  const conn = await streamConnection(client, path, query);
  const send = conn.url.protocol === 'http:' ? httpRequest : httpsRequest;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(conn.url, { ...conn.tls, headers: { ...conn.headers, Accept: '*/*' } }, resolve);
    req.on('error', (err) => reject(new ApiConnectionError(`Unable to connect to the server: ${err.message}`, err)));
    req.end();
  });
  const status = res.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    let body = '';
    for await (const chunk of res) body += String(chunk);
    throw errorFromResponse(status, body);
  }
  await new Promise<void>((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      if (!out.write(chunk)) {
        res.pause();
        out.once('drain', () => res.resume());
      }
    });
    res.on('end', resolve);
    res.on('error', reject);
    res.on('aborted', () => reject(new ApiConnectionError('the log stream was cut off by the server')));
  });
}
