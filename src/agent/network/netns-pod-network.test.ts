import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bridgeMac, podNames } from './names.js';
import { NetnsPodNetwork } from './netns-pod-network.js';
import { NetworkError, isNetworkError } from './network-error.js';

/** Plays iproute2 just enough: keeps host links and namespaces, records every call. */
class FakeIp {
  readonly calls: string[] = [];
  readonly netns = new Set<string>();
  readonly links = new Set<string>(['lo', 'eth0']);
  readonly addrs = new Map<string, string>();
  routes = 'default via 192.0.2.1 dev eth0\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2\n';
  /** Destinations of `unreachable` routes. */
  readonly unreachable = new Set<string>();
  failOn: ((cmd: string) => boolean) | undefined;

  readonly run = async (file: string, args: readonly string[], input?: string): Promise<string> => {
    if (args.includes('-batch')) {
      // like `ip -batch -`: line by line, stopping at the first that fails
      const global = args.slice(0, args.indexOf('-batch'));
      for (const line of (input ?? '').split('\n').filter(Boolean)) await this.run(file, [...global, ...line.split(' ')]);
      return '';
    }
    const cmd = args.join(' ');
    assert.equal(file, 'ip');
    this.calls.push(cmd);
    if (this.failOn?.(cmd)) throw new NetworkError('E_COMMAND', `ip ${cmd}: RTNETLINK answers: boom`);
    const a = [...args];
    if (cmd === 'netns list') return [...this.netns].map((n) => `${n} (id: 0)\n`).join('');
    if (cmd === '-o link show') return [...this.links].map((l, i) => `${i + 1}: ${l}: <BROADCAST> mtu 1500\n`).join('');
    if (cmd === '-4 route show') return this.routes;
    if (cmd === '-4 route show type unreachable') return [...this.unreachable].map((d) => `unreachable ${d}\n`).join('');
    if (a[0] === 'route' && a[1] === 'replace' && a[2] === 'unreachable') this.unreachable.add((a[3] ?? '').replace('/32', ''));
    if (a[0] === 'route' && a[1] === 'del' && a[2] === 'unreachable') {
      const dest = (a[3] ?? '').replace('/32', '');
      if (!this.unreachable.delete(dest)) throw new NetworkError('E_COMMAND', `ip ${cmd}: RTNETLINK answers: No such process`);
    }
    if (a[0] === 'netns' && a[1] === 'add') this.netns.add(a[2] ?? '');
    if (a[0] === 'netns' && a[1] === 'del') this.netns.delete(a[2] ?? '');
    if (a[0] === 'link' && a[1] === 'add' && a[2] === 'name') this.links.add(a[3] ?? '');
    if (a[0] === 'link' && a[1] === 'add' && a[3] === 'type') {
      this.links.add(a[2] ?? '');
      if (a[7] !== 'netns') this.links.add(a[6] ?? ''); // else the peer is made inside the namespace
    }
    if (a[0] === 'link' && a[1] === 'del') this.links.delete(a[2] ?? '');
    if (a[0] === 'link' && a[1] === 'set' && a[3] === 'netns') this.links.delete(a[2] ?? '');
    if (a[0] === '-n' && a[2] === '-o') return this.addrs.get(a[1] ?? '') ?? '';
    return '';
  };
}

const queries = new Set(['netns list', '-o link show', '-4 route show', '-4 route show type unreachable']);
const actions = (ip: FakeIp): string[] => ip.calls.filter((c) => !queries.has(c));

describe('NetnsPodNetwork commands', () => {
  it('makes the bridge, then a namespace with eth0, lo and a default route via the gateway', async () => {
    const ip = new FakeIp();
    const net = new NetnsPodNetwork({ prefix: 'ordt1', cidr: '10.77.0.0/16', deps: { run: ip.run } });
    await net.ensureBridge();
    const a = await net.attach('pod-a');
    const n = podNames('ordt1', 'pod-a');
    assert.deepEqual(a, { podUid: 'pod-a', netns: 'ordt1-pod-a', ip: '10.77.0.2', prefixLength: 16, gateway: '10.77.0.1' });
    assert.deepEqual(actions(ip), [
      'link add name ordt1br0 type bridge',
      `link set ordt1br0 address ${bridgeMac('ordt1')}`,
      'addr replace 10.77.0.1/16 dev ordt1br0',
      'link set ordt1br0 up',
      'netns add ordt1-pod-a',
      `link add ${n.hostVeth} type veth peer name eth0 netns ordt1-pod-a`,
      `link set ${n.hostVeth} master ordt1br0`,
      `link set ${n.hostVeth} up`,
      '-n ordt1-pod-a addr add 10.77.0.2/16 dev eth0',
      '-n ordt1-pod-a link set lo up',
      '-n ordt1-pod-a link set eth0 up',
      '-n ordt1-pod-a route add default via 10.77.0.1 dev eth0',
    ]);
    ip.calls.length = 0;
    assert.deepEqual(await net.attach('pod-a'), a, 'attach is idempotent');
    assert.equal((await net.attach('pod-b')).ip, '10.77.0.3');
    assert.ok(!ip.calls.some((c) => c.includes('type bridge')), 'the bridge is made once');

    ip.calls.length = 0;
    await net.detach('pod-a');
    assert.deepEqual(actions(ip), [`link del ${n.hostVeth}`, 'netns del ordt1-pod-a', 'route replace unreachable 10.77.0.2/32']);
    assert.equal(net.ipam.addressOf('pod-a'), undefined);
    ip.calls.length = 0;
    await net.detach('pod-a');
    assert.deepEqual(actions(ip), [], 'detach of a detached pod does nothing');
  });

  it('undoes a half-made attach and frees its address', async () => {
    const ip = new FakeIp();
    const net = new NetnsPodNetwork({ prefix: 'ordt2', cidr: '10.78.0.0/24', deps: { run: ip.run } });
    ip.failOn = (c) => c.includes('addr add');
    await assert.rejects(net.attach('pod-a'), (e: unknown) => isNetworkError(e) && e.code === 'E_COMMAND');
    const n = podNames('ordt2', 'pod-a');
    assert.deepEqual(actions(ip).slice(-2), [`link del ${n.hostVeth}`, 'netns del ordt2-pod-a']);
    assert.deepEqual([...ip.netns], []);
    assert.equal(net.ipam.allocations().length, 0);
    ip.failOn = undefined;
    assert.equal((await net.attach('pod-a')).ip, '10.78.0.3', 'round robin moves on');
  });

  it('refuses a range that overlaps a host route', async () => {
    const ip = new FakeIp();
    ip.routes += '10.80.4.0/24 via 192.0.2.1 dev eth0\n';
    const net = new NetnsPodNetwork({ prefix: 'ordt3', cidr: '10.80.0.0/16', deps: { run: ip.run } });
    await assert.rejects(net.ensureBridge(), (e: unknown) => isNetworkError(e) && e.code === 'E_CIDR');
    assert.deepEqual(actions(ip), []);
  });

  it('reclaims addresses after a restart and removes half-made pods and stray veths', async () => {
    const ip = new FakeIp();
    const a = podNames('ordt4', 'pod-a');
    const b = podNames('ordt4', 'pod-b');
    const stray = podNames('ordt4', 'pod-c');
    ip.netns.add(a.netns).add(b.netns).add('other-ns').add('ordt45-x');
    ip.links.add('ordt4br0').add(a.hostVeth).add(b.hostVeth).add(stray.hostVeth).add(stray.podVeth).add('ordt45br0');
    ip.addrs.set(a.netns, '1: lo    inet 127.0.0.1/8 scope host lo\n9: eth0    inet 10.79.0.9/16 brd 10.79.255.255 scope global eth0\n');
    const net = new NetnsPodNetwork({ prefix: 'ordt4', cidr: '10.79.0.0/16', deps: { run: ip.run } });
    const found = await net.reclaim();
    assert.deepEqual(found, [{ podUid: 'pod-a', netns: a.netns, ip: '10.79.0.9', prefixLength: 16, gateway: '10.79.0.1' }]);
    assert.deepEqual(actions(ip).filter((c) => !c.includes('addr show')), [
      `link del ${b.hostVeth}`, `netns del ${b.netns}`, `link del ${stray.hostVeth}`, `link del ${stray.podVeth}`,
    ]);
    assert.equal(await net.attach('pod-a').then((x) => x.ip), '10.79.0.9');
    assert.equal(net.ipam.ownerOf('10.79.0.9'), 'pod-a');
  });

  it('cleanup removes only what carries its prefix, the bridge last', async () => {
    const ip = new FakeIp();
    const net = new NetnsPodNetwork({ prefix: 'ordt5', cidr: '10.81.0.0/16', deps: { run: ip.run } });
    await net.attach('pod-a');
    ip.links.add(podNames('ordt5', 'pod-a').hostVeth);
    ip.netns.add('ordt55-x');
    ip.links.add('ordt55br0');
    ip.calls.length = 0;
    ip.unreachable.add('10.81.0.7').add('10.99.0.7');
    await net.cleanup();
    assert.deepEqual(actions(ip), ['netns del ordt5-pod-a', `link del ${podNames('ordt5', 'pod-a').hostVeth}`, 'link del ordt5br0', 'route del unreachable 10.81.0.7/32']);
    assert.deepEqual([...ip.unreachable], ['10.99.0.7'], 'routes outside the pod range are not ours');
    assert.deepEqual([...ip.netns], ['ordt55-x']);
    assert.deepEqual(net.attachments(), []);
  });

  it('a detached pod\'s address becomes unreachable (connects fail at once) until a new pod gets it', async () => {
    const ip = new FakeIp();
    const net = new NetnsPodNetwork({ prefix: 'ordt6', cidr: '10.82.0.0/30', deps: { run: ip.run } }); // one pod address
    const a = await net.attach('pod-a');
    await net.detach('pod-a');
    assert.deepEqual([...ip.unreachable], [a.ip]);
    const b = await net.attach('pod-b');
    assert.equal(b.ip, a.ip, 'the address is reused');
    assert.deepEqual([...ip.unreachable], []);
  });
});
