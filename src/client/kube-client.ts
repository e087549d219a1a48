import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiConnectionError, errorFromResponse } from './api-request-error.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  query?: Query;
  timeoutMs?: number;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

export interface WatchHandle {
  /** Settles when the server ends the stream (or stop() is called). */
  done: Promise<void>;
  stop(): void;
}

const defaultTimeoutMs = 60_000;
/** The connection settings a kubeconfig can give (see applyToHTTPSOptions). */
const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername', 'checkServerIdentity'] as const;

function withQuery(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

function encodeBody(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** A small HTTP client for the Kubernetes API; auth and TLS come from a kubeconfig. */
export class KubeClient {
  readonly server: URL;
  /** The namespace of the current context, if it names one. */
  readonly contextNamespace: string | undefined;
  private readonly kc: KubeConfig;
  /** Connections are kept alive and reused: controllers make many small requests. */
  private readonly agent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });

  constructor(kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ApiConnectionError('the kubeconfig has no current cluster');
    this.kc = kc;
    this.server = new URL(cluster.server);
    this.contextNamespace = kc.getContextObject(kc.getCurrentContext())?.namespace || undefined;
  }

  /** Load a kubeconfig file (the library is loaded on first use: it is slow to import). */
  static async fromFile(path: string): Promise<KubeClient> {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromFile(path);
    return new KubeClient(kc);
  }

  /** Send one request and parse the JSON answer; an error answer becomes an ApiRequestError. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.open(method, path, options);
    const text = await readAll(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw errorFromResponse(status, text);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  /** GET an object; undefined when it does not exist (404), any other failure thrown. */
  async getIfExists<T = Record<string, unknown>>(path: string, options: RequestOptions = {}): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path, options);
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
  }

  /** Adds the kubeconfig's TLS material and credentials to options for a connection made elsewhere (streams). */
  async applyConnectionOptions(opts: HttpsRequestOptions): Promise<void> {
    await this.kc.applyToHTTPSOptions(opts);
  }

  /** Close idle kept-alive connections (watches are closed by their own stop()). */
  close(): void {
    this.agent.destroy();
  }

  /** Stream watch events of a collection path; `onEvent` is called once per event, in order. */
  async watch(path: string, options: RequestOptions, onEvent: (ev: WatchEvent) => void): Promise<WatchHandle> {
    const res = await this.open('GET', path, { ...options, query: { ...options.query, watch: 'true' }, timeoutMs: 0 }, false);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw errorFromResponse(status, await readAll(res));
    let buffered = '';
    const done = new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) onEvent(JSON.parse(line) as WatchEvent);
        }
      });
      res.on('end', () => resolve());
      res.on('close', () => resolve());
      res.on('error', reject);
    });
    return { done, stop: () => res.destroy() };
  }

  /** pooled=false for long-lived streams, which would otherwise hold a pooled connection forever. */
  private async open(method: string, path: string, options: RequestOptions, pooled = true): Promise<IncomingMessage> {
    const base = this.server.pathname.replace(/\/+$/, '');
    const opts: HttpsRequestOptions = {
      method,
      protocol: this.server.protocol,
      hostname: this.server.hostname.replace(/^\[|\]$/g, ''),
      port: this.server.port || (this.server.protocol === 'https:' ? 443 : 80),
      path: withQuery(base + path, options.query),
      headers: {},
    };
    await this.kc.applyToHTTPSOptions(opts);
    if (this.server.protocol === 'https:') {
      // applyToHTTPSOptions sets a new Agent on every call, which made every request a new TLS
      // connection (a handshake on both sides each time); its TLS settings go on the request, and
      // the request goes through our kept-alive pool (or a connection of its own for a stream)
      const made = (opts.agent as { options?: Record<string, unknown> } | undefined)?.options ?? {};
      for (const k of TLS_KEYS) if (made[k] !== undefined && (opts as Record<string, unknown>)[k] === undefined) (opts as Record<string, unknown>)[k] = made[k];
      opts.agent = pooled ? this.agent : false;
    }
    const body = encodeBody(options.body);
    const headers = opts.headers as Record<string, string | number>;
    headers['Accept'] = options.accept ?? 'application/json';
    headers['User-Agent'] = 'ordinal-cli/0.1.0';
    if (body) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = body.length;
    }
    const send = this.server.protocol === 'http:' ? httpRequest : httpsRequest;
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(opts, resolve);
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () => req.destroy(new ApiConnectionError(`the request ${method} ${path} timed out after ${timeoutMs / 1000}s`)));
      }
      req.on('error', (err: NodeJS.ErrnoException) => reject(this.connectionError(err)));
      req.end(body);
    });
  }

  private connectionError(err: NodeJS.ErrnoException): Error {
    if (err instanceof ApiConnectionError) return err;
    if (err.code === 'ECONNREFUSED') {
      return new ApiConnectionError(`The connection to the server ${this.server.host} was refused - did you specify the right host or port?`, err);
    }
    return new ApiConnectionError(`Unable to connect to the server: ${err.message}`, err);
  }
}
