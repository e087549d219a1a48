/**
 * The sandbox contract: how one container of a pod runs as a host process. The node agent decides
 * what to run (command, env, mounts); a ContainerSandbox only runs it, stops it and execs into it.
 */
import type { Readable, Writable } from 'node:stream';

/** One bind mount into the container; `hostPath` is a file or a directory that exists. */
export interface SandboxMount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerSpec {
  /** Unique per container instance, e.g. `<podUid>_<container>_<restartCount>`; used in names only. */
  id: string;
  /** Run inside this named network namespace (`ip netns`); undefined = the host's network. */
  netns?: string;
  /** The container's hostname (the pod's hostname). */
  hostname: string;
  /** The resolved argv; argv[0] is a program name looked up on env.PATH, or an absolute path. */
  command: string[];
  env: Record<string, string>;
  /** '' means the root directory. */
  workingDir: string;
  /** Applied in order (a later mount may sit inside an earlier one). */
  mounts: SandboxMount[];
  /** Host directory holding this container's writable root layer; the caller creates and removes it. */
  rootDir: string;
  /** stdout and stderr are appended to this file. */
  logPath: string;
}

export interface ContainerExit {
  exitCode: number;
  /** Set when a signal ended the process, e.g. 'SIGKILL' (exitCode is then 128 + signal number). */
  signal?: string;
  finishedAt: Date;
}

export interface RunningContainer {
  id: string;
  /** Host pid of the container's first process (PID 1 inside its PID namespace). */
  pid: number;
  startedAt: Date;
  /** Settles once when the container's process has ended (never rejects). */
  exited: Promise<ContainerExit>;
}

export interface ExecOptions {
  command: string[];
  env: Record<string, string>;
  workingDir: string;
  /** Allocate a pseudo-terminal: stdout carries both streams and stderr is undefined. */
  tty: boolean;
}

export interface ExecProcess {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable | undefined;
  /** Terminal size (tty only; ignored otherwise). */
  resize(cols: number, rows: number): void;
  /** Settles once with the exit code (128 + n when killed by signal n); never rejects. */
  exited: Promise<{ exitCode: number }>;
  kill(): void;
}

/** Role: runs containers as host processes. */
export interface ContainerSandbox {
  /**
   * Starts the container. Rejects with a SandboxError whose code is 'StartError' when it cannot start
   * (for example argv[0] is not found: the message then reads like a container runtime's
   * `exec: "x": executable file not found in $PATH`).
   */
  start(spec: ContainerSpec): Promise<RunningContainer>;
  /** SIGTERM, then SIGKILL after graceMs; resolves with the exit. Idempotent. */
  stop(container: RunningContainer, graceMs: number): Promise<ContainerExit>;
  /** Sends a signal to the container's first process (e.g. a test's kill -9 goes through the host pid). */
  signal(container: RunningContainer, signal: NodeJS.Signals): void;
  /** Runs a process inside the running container's namespaces and root (kubectl exec, exec probes, preStop). */
  exec(container: RunningContainer, options: ExecOptions): ExecProcess;
}
