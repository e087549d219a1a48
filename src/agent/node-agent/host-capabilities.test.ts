import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  AgentModeError, CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_SYS_ADMIN, decideAgentMode, lostNotice, parseCapEff, probeHost, type HostFacts,
} from './host-capabilities.js';

const all = (1n << 41n) - 1n;
const ok = { ok: true };
const no = (error: string) => ({ ok: false, error });
const root: HostFacts = { uid: 0, capabilities: all, unprivilegedPortStart: 1024, netns: ok, bwrapPrivileged: ok, bwrapUserNamespace: no('not probed as root') };
const user: HostFacts = { uid: 1000, capabilities: 0n, unprivilegedPortStart: 1024, netns: no('not root'), bwrapPrivileged: no('not root'), bwrapUserNamespace: ok };
const without = (caps: bigint, cap: number): bigint => caps & ~(1n << BigInt(cap));

describe('decideAgentMode', () => {
  it('root with namespaces: netns mode, nothing lost, no notice', () => {
    const mode = decideAgentMode(root, { serviceCidr: '10.96.0.0/16' });
    assert.deepEqual(mode, { mode: 'netns', unprivileged: false, dns: true, clusterIPs: true, lost: [] });
    assert.equal(lostNotice(mode), undefined);
  });

  it('an ordinary user: loopback mode with a user-namespace sandbox, and says what is lost', () => {
    const mode = decideAgentMode(user, { serviceCidr: '10.96.0.0/16', podRange: '127.9.0.0/18' });
    assert.equal(mode.mode, 'loopback');
    assert.equal(mode.unprivileged, true);
    assert.equal(mode.dns, false);
    assert.equal(mode.clusterIPs, false);
    const text = lostNotice(mode) ?? '';
    assert.match(text, /one loopback address/);
    assert.match(text, /bind 0\.0\.0\.0 on the same port collide.*pod IP/);
    assert.match(text, /127\.9\.0\.0\/18/);
    assert.match(text, /no cluster DNS: port 53 needs root/);
    assert.match(text, /no ClusterIP Services: the Service range 10\.96\.0\.0\/16 is not on loopback.*--service-cidr/);
    assert.match(text, /no network partitions/);
    assert.match(text, /uid 1000.*ports below 1024/);
    assert.equal(mode.lost.length, 5);
  });

  it('keeps ClusterIPs for a loopback Service range and DNS when port 53 is allowed', () => {
    const mode = decideAgentMode({ ...user, unprivilegedPortStart: 0 }, { serviceCidr: '127.96.0.0/16' });
    assert.equal(mode.clusterIPs, true);
    assert.equal(mode.dns, true);
    assert.ok(!mode.lost.some((l) => /ClusterIP|DNS/.test(l)), mode.lost.join('\n'));
    const capable = decideAgentMode({ ...user, capabilities: 1n << BigInt(CAP_NET_BIND_SERVICE) }, { serviceCidr: 'garbage' });
    assert.equal(capable.dns, true);
    assert.equal(capable.clusterIPs, false);
  });

  it('root in a container without CAP_NET_ADMIN or unshare: loopback, but a privileged sandbox', () => {
    for (const facts of [{ ...root, capabilities: without(all, CAP_NET_ADMIN) }, { ...root, netns: no('unshare: Operation not permitted') }, { ...root, capabilities: without(all, CAP_SYS_ADMIN) }]) {
      const mode = decideAgentMode(facts, { serviceCidr: '10.96.0.0/16' });
      assert.equal(mode.mode, 'loopback');
      assert.equal(mode.unprivileged, false);
      assert.ok(!mode.lost.some((l) => /user namespace/.test(l)));
    }
  });

  it('refuses with E_NO_SANDBOX and bwrap\'s reason when neither sandbox works', () => {
    const facts = { ...user, bwrapUserNamespace: no('bwrap: setting up uid map: Permission denied') };
    assert.throws(() => decideAgentMode(facts), (e: unknown) => e instanceof AgentModeError && e.code === 'E_NO_SANDBOX' && /uid map: Permission denied.*--agents virtual/.test(e.message));
  });

  it('parses CapEff', () => {
    assert.equal(parseCapEff('Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n'), all);
    assert.equal(parseCapEff('CapEff:\t0000000000000400\n'), 1n << 10n);
    assert.equal(parseCapEff('nothing'), 0n);
  });
});

const canSwitchUser = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

describe('probeHost on this machine', () => {
  it('as this process: the facts agree with the uid', async () => {
    const facts = await probeHost();
    assert.equal(facts.uid, process.getuid?.());
    if (facts.uid === 0) {
      assert.equal(facts.bwrapPrivileged.ok, true, facts.bwrapPrivileged.error);
      assert.equal(decideAgentMode(facts).mode, facts.netns.ok ? 'netns' : 'loopback');
    } else {
      assert.equal(facts.bwrapPrivileged.ok, false);
    }
  });

  it('as nobody (setpriv): loopback mode, unprivileged sandbox, port 53 lost', { skip: canSwitchUser ? false : 'needs root and setpriv to run a probe as another user' }, () => {
    const module = fileURLToPath(new URL('./host-capabilities.js', import.meta.url));
    const script = `import('${module}').then(async (m) => { const f = await m.probeHost(); let mode; try { mode = m.decideAgentMode(f, { serviceCidr: '10.96.0.0/16' }); } catch (e) { mode = { error: e.code, message: e.message }; } console.log(JSON.stringify({ uid: f.uid, caps: String(f.capabilities), userns: f.bwrapUserNamespace, mode })); })`;
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { uid: number; caps: string; userns: { ok: boolean; error?: string }; mode: { mode?: string; unprivileged?: boolean; dns?: boolean; error?: string } };
    assert.equal(out.uid, 65534);
    assert.equal(out.caps, '0');
    if (!out.userns.ok) {
      // the kernel forbids unprivileged user namespaces here: the decision must say so
      assert.equal(out.mode.error, 'E_NO_SANDBOX');
      return;
    }
    assert.equal(out.mode.mode, 'loopback');
    assert.equal(out.mode.unprivileged, true);
    assert.equal(out.mode.dns, Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8')) <= 53);
  });
});
