import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runHandler } from './lifecycle-handler.js';
import { shExec } from './sh-exec.test-util.js';
import type { ProbeTarget } from './types.js';

let server: Server;
let port = 0;
const hits: string[] = [];
before(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.url} ${req.headers['user-agent']}`);
    res.writeHead(req.url === '/fail' ? 500 : 200).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const pod = { metadata: { name: 'web-0', namespace: 'shop', uid: 'u1' } };
function target(): ProbeTarget {
  return { podIP: '127.0.0.1', containerPorts: [{ name: 'http', containerPort: port }], exec: shExec };
}

describe('runHandler', () => {
  it('exec: succeeds on exit 0, else says what failed like the kubelet', async () => {
    assert.deepEqual(await runHandler({ exec: { command: ['sh', '-c', 'true'] } }, target()), { ok: true });
    assert.deepEqual(await runHandler({ exec: { command: ['sh', '-c', 'echo no; exit 3'] } }, target(), { pod, containerName: 'app' }), {
      ok: false,
      message: 'Exec lifecycle hook ([sh -c echo no; exit 3]) for Container "app" in Pod "web-0_shop(u1)" failed - error: command \'sh -c echo no; exit 3\' exited with 3: , message: "no\\n"',
    });
  });

  it('httpGet: any response succeeds, a connection error fails', async () => {
    assert.deepEqual(await runHandler({ httpGet: { path: '/fail', port: 'http' } }, target()), { ok: true });
    assert.match(hits.at(-1)!, /^\/fail kube-lifecycle\/1\.\d+$/);
    const r = await runHandler({ httpGet: { path: '/x', port: 1, host: '127.0.0.1' } }, target(), { pod, containerName: 'app' });
    assert.deepEqual(r, { ok: false, message: 'HTTP lifecycle hook (/x) for Container "app" in Pod "web-0_shop(u1)" failed - error: Get "http://127.0.0.1:1/x": dial tcp 127.0.0.1:1: connect: connection refused' });
  });

  it('sleep: waits, and stops early when aborted', async () => {
    let t0 = Date.now();
    assert.deepEqual(await runHandler({ sleep: { seconds: 0.2 } }, target()), { ok: true });
    assert.ok(Date.now() - t0 >= 190);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    t0 = Date.now();
    assert.deepEqual(await runHandler({ sleep: { seconds: 30 } }, target(), { signal: ac.signal }), { ok: true });
    assert.ok(Date.now() - t0 < 1000);
  });

  it('tcpSocket connects; an empty handler is invalid', async () => {
    assert.deepEqual(await runHandler({ tcpSocket: { port: 'http' } }, target()), { ok: true });
    const r = await runHandler({}, target());
    assert.equal(r.ok, false);
  });
});
