import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, describe, it } from 'node:test';
import { countingServer, fetchText, randomLoopback, randomPort, taggedServer, udpAsk, udpEcho, type TestServer } from './proxy.test-util.js';
import type { ProxiedService } from './types.js';
import { UserspaceServiceProxy } from './userspace-service-proxy.js';

// Real sockets on loopback: the "ClusterIP" is a random 127.x address (all of 127/8 is local), so
// no bridge and no root are needed; address management is checked with a recording RunCommand.

const servers: TestServer[] = [];
const proxies: UserspaceServiceProxy[] = [];
after(async () => {
  for (const p of proxies) await p.stop();
  for (const s of servers) await s.close();
});

function svc(clusterIP: string, port: number, endpoints: TestServer[], extra: Partial<ProxiedService['ports'][number]> = {}): ProxiedService {
  return { namespace: 'ns', name: 'web', clusterIP, ports: [{ port, protocol: 'TCP', endpoints: endpoints.map((s) => ({ ip: '127.0.0.1', port: s.port })), ...extra }] };
}

function newProxy(options: ConstructorParameters<typeof UserspaceServiceProxy>[0] = {}): UserspaceServiceProxy {
  const p = new UserspaceServiceProxy({ connectTimeoutMs: 500, ...options });
  proxies.push(p);
  return p;
}

describe('UserspaceServiceProxy (TCP on loopback)', () => {
  it('alternates endpoints round-robin, stops using a removed endpoint, and resets when there is none', async () => {
    const a = await taggedServer('a');
    const b = await taggedServer('b');
    servers.push(a, b);
    const ip = randomLoopback();
    const port = randomPort();
    const proxy = newProxy();
    assert.deepEqual((await proxy.sync([svc(ip, port, [a, b])])).problems, []);
    assert.deepEqual(proxy.listening(), [`TCP ${ip}:${port}`]);
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await fetchText(ip, port));
    assert.deepEqual(got, ['a', 'b', 'a', 'b']);

    await proxy.sync([svc(ip, port, [b])]);
    const before = a.connections;
    for (let i = 0; i < 3; i++) assert.equal(await fetchText(ip, port), 'b');
    assert.equal(a.connections, before, 'no new connection reaches the removed endpoint');

    await proxy.sync([svc(ip, port, [])]);
    assert.match(await fetchText(ip, port), /^error:ECONNRESET$/, 'no endpoints: reset at once');

    await proxy.sync([]);
    assert.deepEqual(proxy.listening(), []);
    assert.match(await fetchText(ip, port), /^error:ECONNREFUSED$/, 'a removed service no longer listens');
  });

  it('falls through to the next endpoint when one refuses, and resets when none accepts', async () => {
    const up = await taggedServer('up');
    const gone = await taggedServer('gone');
    servers.push(up);
    await gone.close(); // its port now refuses
    const ip = randomLoopback();
    const port = randomPort();
    const proxy = newProxy();
    await proxy.sync([svc(ip, port, [gone, up])]);
    for (let i = 0; i < 4; i++) assert.equal(await fetchText(ip, port), 'up');
    await proxy.sync([svc(ip, port, [gone])]);
    assert.equal(await fetchText(ip, port), 'error:ECONNRESET');
  });

  it('passes a half-close on and carries a large body both ways with backpressure', async () => {
    const counting = await countingServer('c');
    servers.push(counting);
    const ip = randomLoopback();
    const port = randomPort();
    const proxy = newProxy();
    await proxy.sync([svc(ip, port, [counting])]);
    assert.equal(await fetchText(ip, port, 'hello'), 'c:5', 'the server saw our FIN and could still answer');
    const big = Buffer.alloc(32 * 1024 * 1024, 7);
    assert.equal(await fetchText(ip, port, big, 30_000), `c:${big.length}`);
  });

  it('closes the connections it carries when a service goes away', async () => {
    const quiet = await countingServer('q');
    servers.push(quiet);
    const ip = randomLoopback();
    const port = randomPort();
    const proxy = newProxy();
    await proxy.sync([svc(ip, port, [quiet])]);
    const s = connect({ host: ip, port });
    await new Promise((r) => s.once('connect', r));
    const closed = new Promise((r) => s.once('close', r));
    s.on('error', () => undefined);
    await proxy.sync([]);
    await closed;
  });

  it('serves node ports on 127.0.0.1 and reports a port it cannot bind instead of failing the sync', async () => {
    const a = await taggedServer('np');
    servers.push(a);
    const ip = randomLoopback();
    const port = randomPort();
    const nodePort = randomPort();
    const proxy = newProxy();
    const blocker = newProxy();
    const taken = randomPort();
    await blocker.sync([svc(ip, taken, [a])]);
    const result = await proxy.sync([svc(ip, port, [a], { nodePort }), { ...svc(ip, taken, [a]), name: 'clash' }]);
    assert.equal(await fetchText('127.0.0.1', nodePort), 'np');
    assert.equal(await fetchText(ip, port), 'np');
    assert.deepEqual(result.problems.map((p) => [p.target, p.code]), [[`ns/clash:${taken}/TCP`, 'E_PROXY_BIND']]);
    assert.match(result.problems[0]?.message ?? '', /EADDRINUSE/);
  });

  it('ignores headless services and reports protocols it does not carry', async () => {
    const proxy = newProxy();
    const result = await proxy.sync([
      { namespace: 'ns', name: 'headless', clusterIP: 'None', ports: [{ port: 80, protocol: 'TCP', endpoints: [] }] },
      { namespace: 'ns', name: 'sctp', clusterIP: randomLoopback(), ports: [{ port: 80, protocol: 'SCTP', endpoints: [] }] },
    ]);
    assert.deepEqual(proxy.listening(), []);
    assert.deepEqual(result.problems.map((p) => p.code), ['E_PROXY_PROTOCOL']);
  });
});

describe('UserspaceServiceProxy (UDP on loopback)', () => {
  it('keeps one endpoint per client session and alternates between clients; drops datagrams without endpoints', async () => {
    const a = await udpEcho('a');
    const b = await udpEcho('b');
    servers.push(a, b);
    const ip = randomLoopback();
    const port = randomPort();
    const proxy = newProxy({ udpIdleTimeoutMs: 2000 });
    const service = (eps: TestServer[]): ProxiedService => ({ namespace: 'ns', name: 'dns', clusterIP: ip, ports: [{ port, protocol: 'UDP', endpoints: eps.map((s) => ({ ip: '127.0.0.1', port: s.port })) }] });
    await proxy.sync([service([a, b])]);
    const answers = [await udpAsk(ip, port, 'x'), await udpAsk(ip, port, 'y')];
    assert.deepEqual(answers.sort(), ['a:x', 'b:y']);
    await proxy.sync([service([])]);
    await assert.rejects(udpAsk(ip, port, 'z', 300), /udp timeout/);
  });
});

describe('UserspaceServiceProxy addresses', () => {
  it('puts each ClusterIP on the bridge as /32 once, removes stale and unwanted ones, and all of them on stop', async () => {
    const calls: string[] = [];
    const ip = randomLoopback();
    const port = randomPort();
    const run = async (_file: string, args: readonly string[]): Promise<string> => {
      calls.push(args.join(' '));
      if (args.includes('show')) return `5: tbr0    inet 10.232.0.1/24 brd 10.232.0.255 scope global tbr0\n5: tbr0    inet 10.233.9.9/32 scope global tbr0\n`;
      return '';
    };
    const proxy = new UserspaceServiceProxy({ bridge: 'tbr0', deps: { run } });
    const headless = { namespace: 'ns', name: 'h', clusterIP: 'None', ports: [] };
    await proxy.sync([svc(ip, port, []), headless]);
    await proxy.sync([svc(ip, port, [])]);
    assert.deepEqual(calls, ['-o -4 addr show dev tbr0', 'addr del 10.233.9.9/32 dev tbr0', `addr replace ${ip}/32 dev tbr0`]);
    assert.deepEqual(proxy.addressesAdded(), [ip]);
    calls.length = 0;
    await proxy.stop();
    assert.deepEqual(calls, [`addr del ${ip}/32 dev tbr0`]);
    assert.deepEqual(proxy.listening(), []);
    await assert.rejects(proxy.sync([]), { code: 'E_PROXY_STOPPED' });
  });
});
