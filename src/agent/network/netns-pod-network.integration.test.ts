import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { NetnsPodNetwork } from './netns-pod-network.js';
import type { PodAttachment } from './pod-network.js';

/** Real namespaces, veths and a bridge; needs root and iproute2 with netns support. */
function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `\`ip netns\` is unavailable: ${r.error?.message ?? r.stderr}`;
  return false;
}

const ipOut = (...args: string[]): string => spawnSync('ip', args, { encoding: 'utf8' }).stdout;
const prefix = `ord${randomBytes(2).toString('hex').slice(0, 3)}`;
const cidr = `10.${randomInt(200, 250)}.${randomInt(0, 256)}.0/24`;
const port = 7379;
const server = `require('net').createServer((s) => s.end('from ' + s.remoteAddress)).listen(${port}, '0.0.0.0', () => console.log('ready'))`;

/** Kills a server this test started, by its pid; an already-gone process is fine. */
function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

function fetchGreeting(host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port, timeout: 5000 });
    let data = '';
    s.on('data', (d) => (data += String(d)));
    s.on('end', () => resolve(data));
    s.on('timeout', () => s.destroy(new Error(`timeout connecting to ${host}:${port}`)));
    s.on('error', reject);
  });
}

describe('NetnsPodNetwork on this machine', { skip: skipReason() }, () => {
  const net = new NetnsPodNetwork({ prefix, cidr });
  const children: ChildProcess[] = [];
  const defaultRouteBefore = ipOut('-4', 'route', 'show', 'default');
  let a: PodAttachment;
  let b: PodAttachment;

  before(async () => {
    await net.ensureBridge();
    a = await net.attach('pod-a');
    b = await net.attach('pod-b');
  });

  after(async () => {
    try {
      children.forEach(stop);
    } finally {
      await net.cleanup();
    }
  });

  it('the gateway keeps its MAC while pods come and go (pods\' ARP entries for it stay valid)', async () => {
    const mac = (): string => /link\/ether ([0-9a-f:]+)/.exec(ipOut('-o', 'link', 'show', net.bridge))?.[1] ?? '';
    const before = mac();
    assert.match(before, /^02:/, 'a locally administered MAC of its own');
    const extra = await Promise.all(['pod-x1', 'pod-x2', 'pod-x3'].map((u) => net.attach(u)));
    assert.equal(mac(), before, 'after three pods were attached');
    for (const x of extra) await net.detach(x.podUid);
    assert.equal(mac(), before, 'after they were detached');
  });

  it('gives each namespace its own address and only a default route via the gateway', () => {
    assert.notEqual(a.ip, b.ip);
    for (const p of [a, b]) {
      const addrs = ipOut('-n', p.netns, '-o', '-4', 'addr', 'show');
      assert.match(addrs, new RegExp(`eth0\\s+inet ${p.ip.replaceAll('.', '\\.')}/24`));
      assert.ok(!addrs.includes(p === a ? b.ip + '/' : a.ip + '/'));
      assert.match(ipOut('-n', p.netns, '-4', 'route', 'show', 'default'), new RegExp(`^default via ${p.gateway.replaceAll('.', '\\.')} dev eth0`));
    }
    assert.equal(ipOut('-4', 'route', 'show', 'default'), defaultRouteBefore, 'the host default route is untouched');
  });

  it('serves on 0.0.0.0 in one namespace to the other namespace and to the host', async () => {
    const child = spawn('ip', ['netns', 'exec', a.netns, process.execPath, '-e', server], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d) => String(d).includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    assert.equal(await fetchGreeting(a.ip), `from ${a.gateway}`, 'the host reaches the pod from the bridge address');
    const client = `require('net').connect(${port}, '${a.ip}').on('data', (d) => process.stdout.write(d))`;
    const r = spawnSync('ip', ['netns', 'exec', b.netns, process.execPath, '-e', client], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `from ${b.ip}`, 'the other pod connects from its own address');
    await assert.rejects(fetchGreeting('127.0.0.1'), 'the pod port is not on the host loopback');
  });

  it('detaches, and cleanup leaves nothing with the prefix', async () => {
    children.forEach(stop);
    await net.detach('pod-a');
    assert.ok(!ipOut('netns', 'list').includes(a.netns));
    assert.ok(ipOut('netns', 'list').includes(b.netns));
    assert.equal(net.ipam.addressOf('pod-a'), undefined);
    await net.cleanup();
    assert.ok(!ipOut('netns', 'list').includes(prefix), ipOut('netns', 'list'));
    assert.ok(!ipOut('-o', 'link', 'show').includes(prefix), ipOut('-o', 'link', 'show'));
    assert.ok(!ipOut('-4', 'route').includes(prefix));
  });
});
