import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runProbe } from './run-probe.js';
import { shExec } from './sh-exec.test-util.js';
import type { ProbeTarget } from './types.js';

let http: Server;
let httpPort = 0;
let closedPort = 0;
let lastHeaders: IncomingHttpHeaders = {};

before(async () => {
  http = createHttpServer((req, res) => {
    lastHeaders = req.headers;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/ok') return void res.end('fine');
    if (url.pathname === '/teapot') return void res.writeHead(418).end();
    if (url.pathname === '/moved') return void res.writeHead(302, { Location: '/ok' }).end();
    if (url.pathname === '/away') return void res.writeHead(301, { Location: 'http://example.invalid/x' }).end('bye');
    if (url.pathname === '/loop') return void res.writeHead(302, { Location: '/loop' }).end();
    if (url.pathname === '/slow') return void setTimeout(() => res.end('late'), 1500);
    if (url.pathname === '/big') return void res.end('x'.repeat(50_000));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpPort = (http.address() as AddressInfo).port;
  const tmp = createTcpServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  closedPort = (tmp.address() as AddressInfo).port;
  await new Promise<void>((r) => tmp.close(() => r()));
});
after(async () => {
  http.closeAllConnections();
  await new Promise<void>((r) => http.close(() => r()));
});

function target(): ProbeTarget {
  return { podIP: '127.0.0.1', containerPorts: [{ name: 'web', containerPort: httpPort }], exec: shExec };
}

describe('runProbe', () => {
  it('exec: exit 0 succeeds, anything else fails, with the combined output', async () => {
    assert.deepEqual(await runProbe({ exec: { command: ['sh', '-c', 'echo up'] } }, target()), { result: 'success', output: 'up\n' });
    assert.deepEqual(await runProbe({ exec: { command: ['sh', '-c', 'echo down >&2; exit 3'] } }, target()), { result: 'failure', output: 'down\n' });
  });

  it('exec: timeoutSeconds ends the attempt as a failure', async () => {
    const t0 = Date.now();
    const r = await runProbe({ exec: { command: ['sh', '-c', 'sleep 5'] }, timeoutSeconds: 1 }, target());
    assert.deepEqual(r, { result: 'failure', output: 'command "sh -c sleep 5" timed out' });
    assert.ok(Date.now() - t0 < 2500);
  });

  it('httpGet: 2xx/3xx succeed, others fail; named ports, same-host redirects, headers', async () => {
    assert.deepEqual(await runProbe({ httpGet: { path: '/ok', port: 'web', httpHeaders: [{ name: 'X-Probe', value: '1' }, { name: 'user-agent', value: 'mine' }] } }, target()), { result: 'success', output: 'fine' });
    assert.equal(lastHeaders['x-probe'], '1');
    assert.equal(lastHeaders['user-agent'], 'mine');
    await runProbe({ httpGet: { path: '/ok', port: httpPort } }, target());
    assert.match(String(lastHeaders['user-agent']), /^kube-probe\/1\.\d+$/);
    assert.equal(lastHeaders['accept'], '*/*');
    assert.deepEqual(await runProbe({ httpGet: { path: '/teapot', port: String(httpPort) } }, target()), { result: 'failure', output: 'HTTP probe failed with statuscode: 418' });
    assert.deepEqual(await runProbe({ httpGet: { path: '/moved', port: httpPort } }, target()), { result: 'success', output: 'fine' });
    assert.deepEqual(await runProbe({ httpGet: { path: '/away', port: httpPort } }, target()), { result: 'success', output: 'Probe terminated redirects, Response body: bye' });
    assert.deepEqual(await runProbe({ httpGet: { path: '/loop', port: httpPort } }, target()), { result: 'failure', output: `Get "http://127.0.0.1:${httpPort}/loop": stopped after 10 redirects` });
    const big = await runProbe({ httpGet: { path: '/big', port: httpPort } }, target());
    assert.equal(big.output.length, 10 * 1024);
  });

  it('httpGet: connection refused, timeouts and unknown port names fail with a message', async () => {
    assert.deepEqual(await runProbe({ httpGet: { path: '/', port: closedPort } }, target()), { result: 'failure', output: `Get "http://127.0.0.1:${closedPort}/": dial tcp 127.0.0.1:${closedPort}: connect: connection refused` });
    const slow = await runProbe({ httpGet: { path: '/slow', port: httpPort }, timeoutSeconds: 1 }, target());
    assert.equal(slow.result, 'failure');
    assert.match(slow.output, /context deadline exceeded/);
    const named = await runProbe({ httpGet: { path: '/', port: 'nope' } }, target());
    assert.equal(named.result, 'failure');
    assert.match(named.output, /^couldn't find port: nope in/);
  });

  it('tcpSocket: connects or reports the dial error', async () => {
    assert.deepEqual(await runProbe({ tcpSocket: { port: 'web' } }, target()), { result: 'success', output: '' });
    assert.deepEqual(await runProbe({ tcpSocket: { port: closedPort, host: '127.0.0.1' } }, target()), { result: 'failure', output: `dial tcp 127.0.0.1:${closedPort}: connect: connection refused` });
  });

  it('grpc fails as not supported', async () => {
    const r = await runProbe({ grpc: { port: 9000 } }, target());
    assert.equal(r.result, 'failure');
    assert.match(r.output, /not supported/);
  });
});
