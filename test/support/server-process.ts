import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RbdFuseAttacher } from '../../src/agent/volumes/rbd/index.js';

/** The built CLI entry point (tests run from dist/test/...). */
export const cliPath = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface ServerProcess {
  dataDir: string;
  /** With agents: the prefix of this server's bridge and network namespaces. */
  networkPrefix: string | undefined;
  url: string;
  kubeconfigPath: string;
  process: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  logs(): string;
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
  /** Start again on the same data dir (after stop or kill9). */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

interface StartOptions {
  dataDir?: string;
  extraArgs?: string[];
  /** Flags for the server's node process (e.g. --cpu-prof); also from ORDINAL_SERVER_NODE_ARGS. */
  nodeArgs?: string[];
  /**
   * Run real node agents (pods as processes) on a private bridge, pod range and service range of
   * this test's own. Default false: `--agents virtual` (nodes exist, nothing runs pods - the test
   * plays the kubelet).
   */
  agents?: boolean;
}

/** A pod and a service range of a test's own (10.200-219.x.0/24 and 10.220-239.x.0/24), and a network prefix. */
export function privateNetworkArgs(): string[] {
  const r = (lo: number, n: number): number => lo + Math.floor(Math.random() * n);
  const tag = Math.random().toString(36).slice(2, 6).replace(/[^a-z0-9]/g, 'x');
  return ['--network-prefix', `t${tag}`, '--pod-cidr', `10.${r(200, 20)}.${r(0, 256)}.0/24`, '--service-cidr', `10.${r(220, 20)}.${r(0, 256)}.0/24`];
}

async function launch(dataDir: string, extraArgs: string[], nodeArgs: string[]): Promise<{ child: ChildProcess; url: string; logs: () => string }> {
  const child = spawn(process.execPath, [...nodeArgs, cliPath, 'server', '--data-dir', dataDir, '--listen', '127.0.0.1:0', ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const statePath = join(dataDir, 'apiserver.json');
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before listening:\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`server did not start in 30s:\n${stderr}`);
    if (existsSync(statePath)) {
      const state = JSON.parse(readFileSync(statePath, 'utf8')) as { pid: number; url: string };
      if (state.pid === child.pid) url = state.url;
    }
    if (!url) await new Promise((r) => setTimeout(r, 25));
  }
  return { child, url, logs: () => stderr };
}

/**
 * Removes what a killed server of this test left: its namespaces and its bridge (by our prefix only),
 * and the unreachable routes of gone pods' addresses in its pod range (a /24: the first three octets).
 */
function removeNetwork(prefix: string, podCidr: string | undefined): void {
  const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0] ?? '');
  for (const ns of namespaces) if (ns.startsWith(`${prefix}-`)) spawnSync('ip', ['netns', 'del', ns]);
  spawnSync('ip', ['link', 'del', `${prefix}br0`]);
  const net = podCidr?.endsWith('.0/24') ? podCidr.slice(0, -'0/24'.length) : undefined;
  if (!net) return;
  const routes = spawnSync('ip', ['-4', 'route', 'show', 'type', 'unreachable'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.trim().split(/\s+/)[1] ?? '');
  for (const ip of routes) if (ip.startsWith(net)) spawnSync('ip', ['route', 'del', 'unreachable', `${ip}/32`]);
}

/** Start `ordinal server` as a real child process on a fresh (or given) data dir. */
export async function startServerProcess(options: StartOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ordinal-test-'));
  const network = options.agents ? privateNetworkArgs() : ['--agents', 'virtual'];
  const prefix = options.agents ? network[1] : undefined;
  const extra = [...(options.extraArgs ?? []), ...network];
  const nodeArgs = options.nodeArgs ?? (process.env['ORDINAL_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  let cur = await launch(dataDir, extra, nodeArgs);
  const exited = (c: ChildProcess): Promise<number | null> =>
    c.exitCode !== null || c.signalCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code)));
  const sp: ServerProcess = {
    dataDir,
    networkPrefix: prefix,
    url: cur.url,
    kubeconfigPath: join(dataDir, 'kubeconfig'),
    process: cur.child,
    logs: () => cur.logs(),
    async stop() {
      cur.child.kill('SIGTERM');
      return exited(cur.child);
    },
    async kill9() {
      cur.child.kill('SIGKILL');
      await exited(cur.child);
    },
    async restart() {
      cur = await launch(dataDir, extra, nodeArgs);
      sp.url = cur.url;
      sp.process = cur.child;
    },
    async cleanup() {
      if (cur.child.exitCode === null && cur.child.signalCode === null) {
        cur.child.kill('SIGTERM');
        // with node agents, pods get up to 10 s to stop before the server removes their network
        const graceMs = prefix ? 20_000 : 5000;
        const done = await Promise.race([exited(cur.child).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
        if (!done) {
          cur.child.kill('SIGKILL');
          await exited(cur.child);
        }
      }
      if (prefix) removeNetwork(prefix, network[network.indexOf('--pod-cidr') + 1]);
      // a server that died holding RBD images left them mounted under DATA_DIR/rbd: release them
      // before the data dir goes, so that rm never reaches into an image's filesystem
      if (existsSync(join(dataDir, 'rbd'))) await new RbdFuseAttacher({ root: join(dataDir, 'rbd') }).cleanup();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return sp;
}

/** Runs `ordinal <args> --data-dir <the server's>` and collects its exit code and output. */
export function runOrdinal(server: Pick<ServerProcess, 'dataDir'>, args: string[], timeoutMs = 60_000): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    // --data-dir before a `--` (exec's command), else at the end
    const dash = args.indexOf('--');
    const full = dash < 0 ? [...args, '--data-dir', server.dataDir] : [...args.slice(0, dash), '--data-dir', server.dataDir, ...args.slice(dash)];
    const child = spawn(process.execPath, [cliPath, ...full], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}
