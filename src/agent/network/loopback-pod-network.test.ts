import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createConnection, createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { isLoopbackAddress, isLoopbackCidr, loopbackCidrFor, LoopbackPodNetwork } from './loopback-pod-network.js';
import { isNetworkError } from './network-error.js';

const code = (c: string) => (e: unknown) => isNetworkError(e) && e.code === c;

async function listen(host: string, port: number): Promise<Server> {
  const server = createServer((s) => s.end(`hello from ${host}\n`));
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}

async function greet(host: string, port: number): Promise<string> {
  const socket = createConnection({ host, port });
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString()));
  await once(socket, 'end');
  return text;
}

describe('LoopbackPodNetwork', () => {
  it('gives each pod its own loopback address and no namespace; the same pod keeps its address', async () => {
    const net = new LoopbackPodNetwork({ cidr: '127.77.0.0/24' });
    await net.ensureBridge();
    const a = await net.attach('uid-a');
    assert.deepEqual(a, { podUid: 'uid-a', netns: '', ip: '127.77.0.2', prefixLength: 24, gateway: '127.77.0.1' });
    assert.equal((await net.attach('uid-a')).ip, '127.77.0.2');
    assert.equal((await net.attach('uid-b')).ip, '127.77.0.3');
    assert.deepEqual((await net.reclaim()).map((p) => p.podUid).sort(), ['uid-a', 'uid-b']);
    assert.equal(net.bridge, undefined);
    assert.equal(net.describe(), '127.77.0.0/24');
  });

  it('frees an address on detach (reused round robin) and forgets everything on cleanup', async () => {
    const net = new LoopbackPodNetwork({ cidr: '127.77.1.0/29' });
    const ips = await Promise.all(['a', 'b', 'c'].map(async (u) => (await net.attach(u)).ip));
    assert.deepEqual(ips, ['127.77.1.2', '127.77.1.3', '127.77.1.4']);
    await net.detach('b');
    await net.detach('b');
    await net.detach('never-attached');
    assert.equal((await net.attach('d')).ip, '127.77.1.5', 'not the just-released address');
    await net.cleanup();
    assert.deepEqual(await net.reclaim(), []);
    assert.equal(net.ipam.allocations().length, 0);
  });

  it('refuses a pod once the range is exhausted, with E_IPAM_EXHAUSTED, and takes it after a detach', async () => {
    const net = new LoopbackPodNetwork({ cidr: '127.77.2.0/30' });
    assert.equal((await net.attach('only')).ip, '127.77.2.2');
    await assert.rejects(net.attach('second'), code('E_IPAM_EXHAUSTED'));
    await net.detach('only');
    assert.equal((await net.attach('second')).ip, '127.77.2.2');
  });

  it('refuses ranges outside 127.0.0.0/8 or holding 127.0.0.1 (E_CIDR)', () => {
    assert.throws(() => new LoopbackPodNetwork({ cidr: '10.244.0.0/16' }), code('E_CIDR'));
    assert.throws(() => new LoopbackPodNetwork({ cidr: '126.0.0.0/7' }), code('E_CIDR'));
    assert.throws(() => new LoopbackPodNetwork({ cidr: '127.0.0.0/16' }), code('E_CIDR'));
    assert.throws(() => new LoopbackPodNetwork({ cidr: '127.0.1.0/24' }), code('E_CIDR'));
    assert.throws(() => new LoopbackPodNetwork({ prefix: 'Bad!' }), code('E_NAME'));
    assert.equal(new LoopbackPodNetwork().describe(), '127.0.64.0/18');
  });

  it('derives a stable /18 per network prefix, away from 127.0.x.x', () => {
    const seen = new Set<string>();
    for (const prefix of ['ord', 'ordab', 'x1', 'hsa3', 'test9', 'zz']) {
      const cidr = loopbackCidrFor(prefix);
      assert.equal(cidr, loopbackCidrFor(prefix));
      assert.match(cidr, /^127\.(\d+)\.(0|64|128|192)\.0\/18$/);
      assert.notEqual(cidr.split('.')[1], '0');
      assert.ok(isLoopbackCidr(cidr));
      assert.equal(new LoopbackPodNetwork({ prefix }).describe(), cidr);
      seen.add(cidr);
    }
    assert.ok(seen.size >= 5, `prefixes spread over ranges: ${[...seen].join(' ')}`);
    assert.ok(isLoopbackAddress('127.96.0.1'));
    assert.ok(!isLoopbackAddress('10.96.0.1'));
    assert.ok(!isLoopbackAddress('not-an-ip'));
  });

  it('pod addresses work on this machine without configuration: two pods serve the same port', async () => {
    const net = new LoopbackPodNetwork({ prefix: `t${process.pid % 100000}` });
    const a = await net.attach('pod-a');
    const b = await net.attach('pod-b');
    const first = await listen(a.ip, 0);
    const port = (first.address() as { port: number }).port;
    let second: Server | undefined;
    try {
      second = await listen(b.ip, port);
      assert.equal(await greet(a.ip, port), `hello from ${a.ip}\n`);
      assert.equal(await greet(b.ip, port), `hello from ${b.ip}\n`);
    } finally {
      first.close();
      second?.close();
      await net.cleanup();
    }
  });
});
