/**
 * What this process may do on this machine, and so how the node agents run pods: with root, each pod
 * in its own network namespace on a bridge ('netns'); without, each pod on its own loopback address
 * in the host's network ('loopback'), containers in a user namespace, and a list of what is lost.
 * probeHost() asks the machine; decideAgentMode() is pure.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { OrdinalError } from '../../lib/errors.js';
import { isLoopbackCidr } from '../network/loopback-pod-network.js';
import { systemTool } from '../sandbox/system-tool.js';

export type AgentNetworkMode = 'netns' | 'loopback';

/** The outcome of one probe command; `error` is its stderr (or why it did not run). */
export interface ProbeResult {
  ok: boolean;
  error?: string;
}

export interface HostFacts {
  uid: number;
  /** Effective capabilities (CapEff in /proc/self/status). */
  capabilities: bigint;
  /** sysctl net.ipv4.ip_unprivileged_port_start (1024 unless lowered). */
  unprivilegedPortStart: number;
  /** `unshare --net --mount true`: namespaces can be made (a container runtime's seccomp may forbid it). */
  netns: ProbeResult;
  /** bwrap as we are, without a user namespace (probed only as root). */
  bwrapPrivileged: ProbeResult;
  /** `bwrap --unshare-user --uid 0 ...`: the unprivileged sandbox (probed only when not root). */
  bwrapUserNamespace: ProbeResult;
}

export interface AgentMode {
  mode: AgentNetworkMode;
  /** Containers need a user namespace: BwrapContainerSandbox({ unprivileged: true }). */
  unprivileged: boolean;
  /** The cluster DNS may listen on port 53 (of the bridge gateway, or the loopback range's first address). */
  dns: boolean;
  /** ClusterIPs can answer: on the bridge as root, or without root when the Service range is in 127.0.0.0/8. */
  clusterIPs: boolean;
  /** One sentence per thing that does not work as in Kubernetes; empty in 'netns' mode. */
  lost: string[];
}

export interface DecideOptions {
  /** The API server's Service range (--service-cidr). */
  serviceCidr?: string;
  /** The loopback pod range, named in the notice. */
  podRange?: string;
}

/** The agents cannot run pods at all here (code E_NO_SANDBOX); the control plane still can. */
export class AgentModeError extends OrdinalError {}

export const CAP_NET_BIND_SERVICE = 10;
export const CAP_NET_ADMIN = 12;
export const CAP_SYS_ADMIN = 21;

export const hasCapability = (caps: bigint, cap: number): boolean => ((caps >> BigInt(cap)) & 1n) === 1n;

/** Picks the mode from the facts; throws AgentModeError (E_NO_SANDBOX) when no sandbox works. */
export function decideAgentMode(facts: HostFacts, options: DecideOptions = {}): AgentMode {
  const privileged = facts.uid === 0 && facts.bwrapPrivileged.ok;
  if (!privileged && !facts.bwrapUserNamespace.ok) {
    const why = facts.uid === 0 ? facts.bwrapPrivileged.error : facts.bwrapUserNamespace.error;
    throw new AgentModeError('E_NO_SANDBOX', `node agents cannot sandbox pods: bwrap needs root or unprivileged user namespaces${why ? ` (${why})` : ''}; run as root, allow user namespaces (sysctl user.max_user_namespaces, kernel.unprivileged_userns_clone), or start with --agents virtual`);
  }
  const netnsMode = privileged && facts.netns.ok && hasCapability(facts.capabilities, CAP_NET_ADMIN) && hasCapability(facts.capabilities, CAP_SYS_ADMIN);
  const dns = hasCapability(facts.capabilities, CAP_NET_BIND_SERVICE) || facts.unprivilegedPortStart <= 53;
  if (netnsMode) return { mode: 'netns', unprivileged: false, dns, clusterIPs: true, lost: dns ? [] : [noDns()] };

  const clusterIPs = options.serviceCidr !== undefined && safeIsLoopback(options.serviceCidr);
  const lost = [
    `each pod shares this machine's network namespace and owns only its address${options.podRange ? ` (from ${options.podRange})` : ''}, not its ports: programs that bind 0.0.0.0 on the same port collide - configure them to bind their pod IP (status.podIP)`,
    'no network isolation and no network partitions: every pod reaches every port of this machine, and a pod\'s network cannot be cut',
  ];
  if (!dns) lost.push(noDns());
  if (!clusterIPs) {
    lost.push(`no ClusterIP Services: ${options.serviceCidr ? `the Service range ${options.serviceCidr} is not on loopback and ` : ''}addresses cannot be added to an interface without root - start the server with --service-cidr inside 127.0.0.0/8 (e.g. 127.96.0.0/16) to keep them; NodePorts still answer on 127.0.0.1`);
  }
  if (!privileged) {
    lost.push(`containers run in a user namespace: root inside, your user (uid ${facts.uid}) outside - they cannot change file owners to other users, and cannot listen on ports below ${facts.unprivilegedPortStart}`);
  }
  return { mode: 'loopback', unprivileged: !privileged, dns, clusterIPs, lost };
}

function noDns(): string {
  return 'no cluster DNS: port 53 needs root or CAP_NET_BIND_SERVICE (or sysctl net.ipv4.ip_unprivileged_port_start=53) - Service and pod names do not resolve in pods; each pod\'s /etc/hosts knows only its own name';
}

function safeIsLoopback(cidr: string): boolean {
  try {
    return isLoopbackCidr(cidr);
  } catch {
    return false;
  }
}

/** The notice `ordinal server` prints when pods run in loopback mode; undefined when nothing is lost. */
export function lostNotice(mode: AgentMode): string | undefined {
  if (mode.lost.length === 0) return undefined;
  const head = mode.mode === 'loopback'
    ? 'node agents run without network namespaces (that needs root): each pod gets one loopback address. What is lost:'
    : 'node agents run pods in network namespaces. What is lost:';
  return [head, ...mode.lost.map((l) => `  - ${l}`)].join('\n');
}

export interface ProbeOptions {
  bwrap?: string;
  unshare?: string;
  /** Per probe command; default 5 s. */
  timeoutMs?: number;
}

/** Reads /proc and runs up to two short probe commands (each leaves nothing behind). */
export async function probeHost(options: ProbeOptions = {}): Promise<HostFacts> {
  const uid = process.getuid?.() ?? -1;
  const bwrap = options.bwrap ?? systemTool('bwrap');
  const unshare = options.unshare ?? systemTool('unshare');
  const truePath = systemTool('true');
  const timeoutMs = options.timeoutMs ?? 5000;
  const sandboxArgs = ['--unshare-pid', '--unshare-uts', '--unshare-ipc', '--as-pid-1', '--die-with-parent', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--', truePath];
  const notRoot: ProbeResult = { ok: false, error: 'not root' };
  const [netns, bwrapPrivileged, bwrapUserNamespace] = await Promise.all([
    uid === 0 ? probe(unshare, ['--net', '--mount', truePath], timeoutMs) : Promise.resolve(notRoot),
    uid === 0 ? probe(bwrap, sandboxArgs, timeoutMs) : Promise.resolve(notRoot),
    uid === 0 ? Promise.resolve<ProbeResult>({ ok: false, error: 'not probed as root' }) : probe(bwrap, ['--unshare-user', '--uid', '0', '--gid', '0', ...sandboxArgs], timeoutMs),
  ]);
  return { uid, capabilities: readCapEff(), unprivilegedPortStart: readPortStart(), netns, bwrapPrivileged, bwrapUserNamespace };
}

/** probeHost() then decideAgentMode(). */
export async function detectAgentMode(options: DecideOptions & ProbeOptions = {}): Promise<AgentMode> {
  return decideAgentMode(await probeHost(options), options);
}

function probe(file: string, args: string[], timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, env: { PATH: '/usr/bin:/bin' } }, (error, _stdout, stderr) => {
      if (!error) return resolve({ ok: true });
      resolve({ ok: false, error: String(stderr).trim().split('\n')[0] || error.message });
    });
  });
}

export function parseCapEff(status: string): bigint {
  const m = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(status);
  return m?.[1] ? BigInt(`0x${m[1]}`) : 0n;
}

function readCapEff(): bigint {
  try {
    return parseCapEff(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    return 0n;
  }
}

function readPortStart(): number {
  try {
    const n = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
    return Number.isInteger(n) ? n : 1024;
  } catch {
    return 1024;
  }
}
