import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../lib/log.js';
import { bwrapArgs } from './bwrap-args.js';
import { failedExec } from './failed-exec.js';
import { containerExit } from './exit-status.js';
import { nsenterArgs, spawnPiped } from './exec-process.js';
import { hostFsView, type FsView } from './fs-view.js';
import { planMounts } from './mount-plan.js';
import { defaultPath, resolveExecutable } from './resolve-executable.js';
import { SandboxError } from './sandbox-error.js';
import { systemTool } from './system-tool.js';
import { spawnTty, type TtyBackend } from './tty-exec.js';
import type { ContainerExit, ContainerSandbox, ContainerSpec, ExecOptions, ExecProcess, RunningContainer } from './types.js';

export interface BwrapContainerSandboxOptions {
  /** Absolute paths of the tools (the container's env has no say in finding them). */
  bwrap?: string;
  ip?: string;
  nsenter?: string;
  /** Host top-level entries shared read-only with every container (see mount-plan.ts). */
  hostShared?: string[];
  /** How long bwrap may take to set up before start() gives up. Default 10 s. */
  setupTimeoutMs?: number;
  /** How `exec` with tty gets a terminal: node-pty when installed (resizable), else util-linux script. */
  ttyBackend?: TtyBackend;
  /**
   * Run without root (see host-capabilities.ts): bwrap makes a user namespace where the container is
   * uid 0 (our uid outside), and exec enters that user namespace and stays in the host's network.
   * Pods must then be on the host's network (no `ip netns exec`: ContainerSpec.netns empty).
   */
  unprivileged?: boolean;
  log?: Logger;
  deps?: { fs?: FsView };
}

interface Tracked {
  done: boolean;
  stopping?: Promise<ContainerExit>;
}

/**
 * Runs each container as `[ip netns exec <ns>] bwrap ... -- argv`: its own mount, PID, UTS and IPC
 * namespaces, the pod's network namespace, the writable layer at / with the host's /usr, /etc and
 * /opt read-only, the program as PID 1, stdout and stderr appended to the log file by descriptor.
 * bwrap dies with the agent (--die-with-parent) and takes the container with it.
 */
export class BwrapContainerSandbox implements ContainerSandbox {
  private readonly bwrap: string;
  private readonly ip: string;
  private readonly nsenter: string;
  private readonly fs: FsView;
  private readonly tracked = new WeakMap<RunningContainer, Tracked>();

  constructor(private readonly options: BwrapContainerSandboxOptions = {}) {
    this.bwrap = options.bwrap ?? systemTool('bwrap');
    this.ip = options.ip ?? systemTool('ip');
    this.nsenter = options.nsenter ?? systemTool('nsenter');
    this.fs = options.deps?.fs ?? hostFsView;
  }

  async start(spec: ContainerSpec): Promise<RunningContainer> {
    const plan = planMounts({ rootDir: spec.rootDir, hostShared: this.options.hostShared, mounts: spec.mounts, workingDir: spec.workingDir }, this.fs);
    const [program, ...rest] = spec.command;
    const path = spec.env['PATH'];
    const resolved = resolveExecutable(plan.view, program ?? '', path, plan.workingDir);
    // with no PATH in the env, bwrap's execvp would search glibc's default; hand it what we found
    const argv = [path === undefined && !(program ?? '').includes('/') ? resolved : (program ?? ''), ...rest];
    const args = bwrapArgs({ ops: plan.ops, hostname: spec.hostname, workingDir: plan.workingDir, infoFd: 3, argv, unshareUser: this.options.unprivileged === true });
    // '' is the host's network too (a PodAttachment of LoopbackPodNetwork)
    const [file, fileArgs] = spec.netns === undefined || spec.netns === '' ? [this.bwrap, args] : [this.ip, ['netns', 'exec', spec.netns, this.bwrap, ...args]];

    let logFd: number;
    try {
      logFd = openSync(spec.logPath, 'a');
    } catch (err) {
      throw new SandboxError('StartError', `cannot open the log of container ${spec.id}: ${(err as Error).message}`, { cause: err });
    }
    const logStart = fstatSync(logFd).size;
    let child: ChildProcess;
    try {
      child = spawn(file, fileArgs, { env: spec.env, stdio: ['ignore', logFd, logFd, 'pipe'], detached: true });
    } finally {
      closeSync(logFd);
    }
    const tracked: Tracked = { done: false };
    const exited = new Promise<ContainerExit>((resolve) => {
      child.on('error', () => undefined);
      child.on('exit', (code, signal) => {
        tracked.done = true;
        resolve(containerExit(code, signal, new Date()));
      });
    });
    const spawnError = new Promise<Error>((resolve) => child.on('error', resolve));
    const pid = await Promise.race([readChildPid(child), spawnError, exited]);
    if (typeof pid !== 'number') {
      const why = pid instanceof Error ? pid.message : bwrapError(spec.logPath, logStart) ?? `bwrap exited with ${pid.exitCode}`;
      throw new SandboxError('StartError', `cannot start container ${spec.id}: ${why}`);
    }
    const setUp = await this.waitForExec(pid, exited, tracked);
    const failure = setUp ? undefined : bwrapError(spec.logPath, logStart);
    if (!setUp && (failure !== undefined || !tracked.done)) {
      if (!tracked.done) process.kill(pid, 'SIGKILL');
      throw new SandboxError('StartError', `cannot start container ${spec.id}: ${failure ?? 'bwrap did not finish setting up'}`);
    }
    const container: RunningContainer = { id: spec.id, pid, startedAt: new Date(), exited };
    this.tracked.set(container, tracked);
    this.options.log?.info({ container: spec.id, pid, netns: spec.netns, program: argv[0] }, 'container started');
    return container;
  }

  stop(container: RunningContainer, graceMs: number): Promise<ContainerExit> {
    const tracked = this.tracked.get(container) ?? { done: false };
    this.tracked.set(container, tracked);
    tracked.stopping ??= (async () => {
      this.signal(container, 'SIGTERM');
      const timer = sleep(Math.max(0, graceMs), 'timeout' as const, { ref: false });
      if ((await Promise.race([container.exited, timer])) === 'timeout') this.signal(container, 'SIGKILL');
      return container.exited;
    })();
    return tracked.stopping;
  }

  signal(container: RunningContainer, signal: NodeJS.Signals): void {
    if (this.tracked.get(container)?.done) return; // the pid may belong to someone else by now
    try {
      process.kill(container.pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  exec(container: RunningContainer, options: ExecOptions): ExecProcess {
    const [program = ''] = options.command;
    if (this.tracked.get(container)?.done) return failedExec(options.tty, `container ${container.id} is not running`, 126);
    if (!program.includes('/') && !this.onContainerPath(container.pid, program, options.env['PATH'])) {
      return failedExec(options.tty, `exec: "${program}": executable file not found in $PATH`, 127);
    }
    const args = this.options.unprivileged ? inUserNamespace(nsenterArgs(container.pid, options)) : nsenterArgs(container.pid, options);
    return options.tty ? spawnTty(this.nsenter, args, options.env, this.options.ttyBackend) : spawnPiped(this.nsenter, args, options.env);
  }

  /** Best effort through /proc/<pid>/root (an absolute symlink inside would resolve on the host). */
  private onContainerPath(pid: number, program: string, path: string | undefined): boolean {
    return (path ?? defaultPath).split(':').some((dir) => dir.startsWith('/') && this.fs.isExecutable(posix.join(`/proc/${pid}/root`, dir, program)));
  }

  /**
   * bwrap reports the container's pid before it sets up the mounts; the setup is done once that
   * process runs another program than bwrap (its /proc/<pid>/exe changed). False if it ended first.
   */
  private async waitForExec(pid: number, exited: Promise<ContainerExit>, tracked: Tracked): Promise<boolean> {
    const bwrap = statSync(this.bwrap);
    const deadline = Date.now() + (this.options.setupTimeoutMs ?? 10_000);
    let ended = false;
    void exited.then(() => (ended = true));
    while (Date.now() < deadline) {
      try {
        const exe = statSync(`/proc/${pid}/exe`);
        if (exe.ino !== bwrap.ino || exe.dev !== bwrap.dev) return true;
      } catch {
        // gone (it may have run and ended already), or not readable yet
      }
      if (ended || tracked.done) return false;
      await sleep(5);
    }
    return false;
  }
}

/**
 * nsenter arguments for an unprivileged exec: the container's user namespace first (it owns the
 * others, so entering it gives the rights to join them), keeping our uid (root in there), and not
 * `--net`: the container is on the host's network, which that user namespace does not own.
 */
function inUserNamespace(args: string[]): string[] {
  const end = args.indexOf('--');
  return ['--user', '--preserve-credentials', ...args.slice(0, end).filter((a) => a !== '--net'), ...args.slice(end)];
}

/** The pid bwrap writes as JSON on --info-fd once it cloned the container's first process. */
function readChildPid(child: ChildProcess): Promise<number | Error> {
  return new Promise((resolve) => {
    const info = child.stdio[3];
    if (!info) return resolve(new Error('no info pipe'));
    let text = '';
    info.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (m?.[1]) resolve(Number(m[1]));
    });
    info.on('error', resolve);
    info.on('end', () => resolve(new Error('bwrap did not report the container pid')));
  });
}

/** bwrap's own complaint ("bwrap: Can't mkdir ...") from what this start appended to the log. */
function bwrapError(logPath: string, from: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(logPath, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, from);
    const line = buf.subarray(0, n).toString().split('\n').find((l) => l.startsWith('bwrap: '));
    return line?.trim();
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
