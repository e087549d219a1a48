// PodStreams over plain host processes, for tests of the streaming path (no sandbox, no namespaces):
// each "container" is `sh -c SCRIPT` appending to a real log file, exec spawns the real command
// (under `script` for a terminal when tty is asked for).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecProcess } from '../sandbox/types.js';
import { StreamError, type ContainerLogRef, type PodStreams } from './types.js';

interface Instance {
  logPath: string;
  child: ChildProcess;
  running: boolean;
  exited: Promise<number>;
}

function shellQuote(args: string[]): string {
  return args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return 128 + (signal ? (signals[signal] ?? 0) : 0);
}

export class ProcessPodStreams implements PodStreams {
  /** `ns/pod` -> container -> instances, oldest first. */
  private readonly pods = new Map<string, Map<string, Instance[]>>();
  private readonly children = new Set<ChildProcess>();
  private seq = 0;
  /** Every terminal size an exec was asked to take, in order. */
  readonly resizes: Array<{ cols: number; rows: number }> = [];

  constructor(private readonly logDir: string) {}

  /** Declare a pod's containers (none started yet). */
  addPod(namespace: string, pod: string, containers: string[]): void {
    this.pods.set(`${namespace}/${pod}`, new Map(containers.map((c) => [c, []])));
  }

  /** Start a new instance of a container: `sh -c script`, output appended to its own log file. */
  startContainer(namespace: string, pod: string, container: string, script: string): Instance {
    const list = this.pods.get(`${namespace}/${pod}`)?.get(container);
    if (!list) throw new Error(`unknown container ${namespace}/${pod}/${container}`);
    const logPath = join(this.logDir, `${pod}_${container}_${this.seq++}.log`);
    const fd = openSync(logPath, 'a');
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.children.add(child);
    const inst: Instance = {
      logPath,
      child,
      running: true,
      exited: new Promise((resolve) =>
        child.on('exit', (code, signal) => {
          inst.running = false;
          this.children.delete(child);
          resolve(exitCodeOf(code, signal));
        }),
      ),
    };
    list.push(inst);
    return inst;
  }

  containerLog(namespace: string, pod: string, container: string, previous: boolean): ContainerLogRef {
    const [name, list] = this.resolve(namespace, pod, container);
    const inst = previous ? list[list.length - 2] : list[list.length - 1];
    if (!inst) {
      if (previous) throw new StreamError(400, `previous terminated container "${name}" in pod "${pod}" not found`);
      throw new StreamError(400, `container "${name}" in pod "${pod}" is waiting to start: ContainerCreating`);
    }
    return { path: inst.logPath, isRunning: () => inst.running };
  }

  exec(namespace: string, pod: string, container: string, command: string[], tty: boolean): ExecProcess {
    const [name, list] = this.resolve(namespace, pod, container);
    const current = list[list.length - 1];
    if (!current?.running) throw new StreamError(400, `container ${name} is not running`);
    const child = tty ? spawn('script', ['-qfec', shellQuote(command), '/dev/null'], { stdio: 'pipe' }) : spawn(command[0]!, command.slice(1), { stdio: 'pipe' });
    this.children.add(child);
    const exited = new Promise<{ exitCode: number }>((resolve) => {
      child.on('error', () => resolve({ exitCode: 126 }));
      child.on('exit', (code, signal) => {
        this.children.delete(child);
        resolve({ exitCode: exitCodeOf(code, signal) });
      });
    });
    return {
      stdin: child.stdin!,
      stdout: child.stdout!,
      stderr: tty ? undefined : child.stderr!,
      resize: (cols, rows) => this.resizes.push({ cols, rows }),
      exited,
      kill: () => child.kill('SIGKILL'),
    };
  }

  /** Kill every process still running (tests call this in after()). */
  killAll(): void {
    for (const c of this.children) c.kill('SIGKILL');
  }

  private resolve(namespace: string, pod: string, container: string): [string, Instance[]] {
    const containers = this.pods.get(`${namespace}/${pod}`);
    if (!containers) throw new StreamError(404, `pod "${pod}" in namespace "${namespace}" not found on this node`);
    let name = container;
    if (name === '') {
      if (containers.size !== 1) throw new StreamError(400, `a container name must be specified for pod ${pod}, choose one of: [${[...containers.keys()].join(' ')}]`);
      name = [...containers.keys()][0]!;
    }
    const list = containers.get(name);
    if (!list) throw new StreamError(400, `container ${name} is not valid for pod ${pod}`);
    return [name, list];
  }
}
