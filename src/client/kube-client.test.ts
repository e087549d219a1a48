import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiConnectionError, ApiRequestError } from './api-request-error.js';
import { KubeClient, type WatchEvent } from './kube-client.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let dir: string;
let kubeconfig: string;
const seen: Seen[] = [];

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  if (req.url?.startsWith('/api/v1/namespaces/a/pods?watch=true')) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'p1' } } }) + '\n' + '{"type":"MODI');
    setTimeout(() => res.end('FIED","object":{"metadata":{"name":"p1"}}}\n'), 20);
    return;
  }
  if (req.url === '/api/v1/namespaces/a/pods/missing') {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', message: 'pods "missing" not found', code: 404 }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Echo', ok: true }));
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'kube-client-test-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}/", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: tok-123}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: team}}]
current-context: x
`,
  );
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('KubeClient', () => {
  it('sends the bearer token, query, body and content type, and parses JSON', async () => {
    const client = await KubeClient.fromFile(kubeconfig);
    assert.equal(client.contextNamespace, 'team');
    const answer = await client.request<{ ok: boolean }>('PATCH', '/apis/apps/v1/namespaces/a/statefulsets/r', {
      body: { spec: { replicas: 2 } },
      contentType: 'application/merge-patch+json',
      query: { dryRun: 'All', skip: undefined },
    });
    assert.equal(answer.ok, true);
    const req = seen.at(-1)!;
    assert.equal(req.method, 'PATCH');
    assert.equal(req.url, '/apis/apps/v1/namespaces/a/statefulsets/r?dryRun=All');
    assert.equal(req.headers.authorization, 'Bearer tok-123');
    assert.equal(req.headers['content-type'], 'application/merge-patch+json');
    assert.equal(req.body, '{"spec":{"replicas":2}}');
  });

  it('turns a Status into an ApiRequestError', async () => {
    const client = await KubeClient.fromFile(kubeconfig);
    await assert.rejects(client.request('GET', '/api/v1/namespaces/a/pods/missing'), (e: unknown) => {
      return e instanceof ApiRequestError && e.status === 404 && e.reason === 'NotFound' && e.message === 'pods "missing" not found';
    });
  });

  it('streams watch events split across chunks', async () => {
    const client = await KubeClient.fromFile(kubeconfig);
    const events: WatchEvent[] = [];
    const handle = await client.watch('/api/v1/namespaces/a/pods', {}, (ev) => events.push(ev));
    await handle.done;
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED']);
  });

  it('reports a refused connection clearly', async () => {
    const path = join(dir, 'refused');
    writeFileSync(path, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`);
    const client = await KubeClient.fromFile(path);
    await assert.rejects(client.request('GET', '/api'), (e: unknown) => e instanceof ApiConnectionError && /127\.0\.0\.1:1 was refused/.test(e.message));
  });
});

describe('KubeClient over TLS', () => {
  it('reuses one kept-alive connection for sequential requests, verifying the server with the kubeconfig CA', async () => {
    const { ensureServingPki } = await import('../apiserver/pki.js');
    const { createServer: createHttpsServer } = await import('node:https');
    const tlsDir = mkdtempSync(join(tmpdir(), 'kube-client-tls-'));
    const pki = await ensureServingPki(tlsDir);
    let connections = 0;
    const tlsServer = createHttpsServer({ cert: pki.cert, key: pki.key }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
    tlsServer.on('secureConnection', () => connections++);
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    try {
      const port = (tlsServer.address() as AddressInfo).port;
      const path = join(tlsDir, 'kubeconfig');
      const ca = Buffer.from(pki.caCert).toString('base64');
      writeFileSync(path, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", certificate-authority-data: ${ca}}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`);
      const client = await KubeClient.fromFile(path);
      for (let i = 0; i < 10; i++) assert.deepEqual(await client.request('GET', '/api'), { ok: true });
      assert.equal(connections, 1);
      client.close();
    } finally {
      await new Promise((r) => tlsServer.close(r));
      rmSync(tlsDir, { recursive: true, force: true });
    }
  });
});
