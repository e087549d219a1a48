/**
 * A real one-node Ceph (mon, mgr, one memstore OSD) for an integration test, on free loopback
 * ports of its own (never 6789/3300: a user's dev cluster and the tests never collide) in a fresh
 * temp dir. Boots in ~1.1 s on this 2-core host (the mgr becomes active ~1.2 s later, in the
 * background). stop() ends the daemons by their pids and removes the dir; a test process that exits
 * without stop() (a failed assertion, a signal) kills them on its way out, and a watchdog does so
 * if it is SIGKILLed.
 *
 *   const ceph = await startTestCeph();
 *   await ceph.cli.rbd(ceph.admin, ['create', 'kube/img', '--size', '64']);
 *   await ceph.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrdinalError } from '../../src/lib/errors.js';
import { CephCli } from '../../src/storage/ceph-rbd/ceph-cli.js';
import { isOurDaemon, readPid } from '../../src/storage/ceph-rbd/daemon-process.js';
import { devClusterPaths, devDaemonNames } from '../../src/storage/ceph-rbd/dev-cluster-conf.js';
import { daemonSpec } from '../../src/storage/ceph-rbd/dev-cluster-state.js';
import { devClusterDown, devClusterUp, type DevClusterInfo } from '../../src/storage/ceph-rbd/dev-cluster.js';
import type { CephTarget } from '../../src/storage/ceph-rbd/types.js';

export interface TestCeph {
  fsid: string;
  /** Client form, e.g. `['127.0.0.1:24001']` (the mon's v2 port; see mon-addresses.ts). */
  monitors: string[];
  /** `[v2:127.0.0.1:P2,v1:127.0.0.1:P1]`. */
  monHost: string;
  /** The cluster's ceph.conf (for `ordinal ceph connect --conf`, rbd-fuse -c, CEPH_CONF). */
  confPath: string;
  /** client.admin's keyring (0600). */
  adminKeyringPath: string;
  admin: CephTarget;
  cli: CephCli;
  dir: string;
  pids: DevClusterInfo['pids'];
  /** How long the boot took. */
  bootMs: number;
  /** Resolves once the mgr is active (`ceph df`, rbd_support tasks need it; plain rbd and mon commands do not). */
  mgrReady(): Promise<void>;
  /** Stop the daemons (SIGTERM by pid, SIGKILL after 5 s) and remove the dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface TestCephOptions {
  /** The memstore OSD's capacity (RAM, used only as written); default 1 GiB. */
  osdSizeBytes?: number;
  /** Return only once the mgr is active; default false (see mgrReady). */
  waitForMgr?: boolean;
}

const live = new Set<string>();
/** Per cluster dir: a watchdog that kills its daemons should this process die without running its exit hook (SIGKILL). */
const watchdogs = new Map<string, ChildProcess>();
let exitHookInstalled = false;

/** SIGKILL every daemon of the clusters still live and remove their dirs (synchronous: runs on process exit). */
function killAllSync(): void {
  for (const dir of live) {
    stopWatchdog(dir);
    const paths = devClusterPaths(dir);
    for (const name of devDaemonNames) {
      const spec = daemonSpec(paths, name);
      const pid = readPid(spec.pidFile);
      if (pid !== undefined && isOurDaemon(pid, spec)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAllSync();
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[sig]);
    });
  }
}

/**
 * Kill the daemons of a dev cluster in `dir` (by their pid files) and remove the dir if the test
 * process exits before it cleaned up itself - for tests that make a cluster through the CLI.
 * Returns the function that forgets it again (after the test removed it).
 */
export function removeOnExit(dir: string): () => void {
  installExitHook();
  live.add(dir);
  return () => live.delete(dir);
}

/**
 * A detached shell that waits for this process to end, then SIGKILLs the cluster's daemons (each
 * only if its command line still names the cluster's conf) and removes the dir: nothing is left
 * behind even when the test process is SIGKILLed. stop() and the exit hook end it first.
 */
function startWatchdog(dir: string, confPath: string, pids: number[]): void {
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    `for p in ${pids.join(' ')}; do tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | grep -qF -- '${confPath}' && kill -9 $p; done`,
    `rm -rf -- '${dir}'`,
  ].join('\n');
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  watchdogs.set(dir, child);
}

function stopWatchdog(dir: string): void {
  const w = watchdogs.get(dir);
  watchdogs.delete(dir);
  if (w && w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
}

/** A random port pair (v1 = p, v2 = p + 1) in 20000-39999, away from Ceph's own 6789/3300 and the OSDs' 6800-7300. */
function randomPorts(): { monPort: number; monV2Port: number } {
  const p = 20000 + 2 * Math.floor(Math.random() * 10000);
  return { monPort: p, monV2Port: p + 1 };
}

const isPortClash = (e: unknown): boolean => (e instanceof OrdinalError && e.code === 'E_CEPH_PORT_IN_USE') || /Address already in use|bind/i.test(String((e as Error)?.message));

export async function startTestCeph(options: TestCephOptions = {}): Promise<TestCeph> {
  installExitHook();
  const cli = new CephCli();
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'ordinal-test-ceph-'));
    live.add(dir);
    const t0 = Date.now();
    let info: DevClusterInfo;
    try {
      info = await devClusterUp({ dir, ...randomPorts(), objectstore: 'memstore', osdSizeBytes: options.osdSizeBytes ?? 1024 ** 3, waitForMgr: options.waitForMgr === true, runner: cli });
    } catch (e) {
      await devClusterDown({ dir, purge: true, graceMs: 2000 }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      live.delete(dir);
      if (attempt < 4 && isPortClash(e)) continue;
      throw e;
    }
    startWatchdog(dir, info.confPath, Object.values(info.pids));
    const admin: CephTarget = { cluster: { monitors: info.monitors }, credentials: { user: 'admin', keyringPath: info.adminKeyringPath } };
    let mgr: Promise<void> | undefined;
    return {
      fsid: info.fsid,
      monitors: info.monitors,
      monHost: info.monHost,
      confPath: info.confPath,
      adminKeyringPath: info.adminKeyringPath,
      admin,
      cli,
      dir,
      pids: info.pids,
      bootMs: Date.now() - t0,
      mgrReady: () => (mgr ??= waitMgr(cli, admin)),
      async stop() {
        if (!live.has(dir)) return;
        stopWatchdog(dir);
        try {
          await devClusterDown({ dir, purge: true, graceMs: 5000 });
        } finally {
          rmSync(dir, { recursive: true, force: true });
          live.delete(dir);
        }
      },
    };
  }
}

async function waitMgr(cli: CephCli, admin: CephTarget, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stat = await cli.cephJson<{ available?: boolean }>(admin, ['mgr', 'stat']);
    if (stat.available === true) return;
    if (Date.now() > deadline) throw new Error(`the test cluster's mgr is not active after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
