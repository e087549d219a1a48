/** What a probe or lifecycle handler acts on: the pod's address, its ports, and a way to exec in it. */
export interface ContainerPortLike {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface ExecResult {
  exitCode: number;
  /** stdout and stderr combined. */
  output: string;
  /** True when the command was killed because it ran past timeoutMs. */
  timedOut?: boolean;
}

export interface ProbeTarget {
  podIP: string;
  /** The container's ports, for probes that name a port. */
  containerPorts: readonly ContainerPortLike[];
  /** Runs a command in the container; timeoutMs 0 means no limit. Should not reject. */
  exec(command: string[], timeoutMs: number): Promise<ExecResult>;
}

export type ProbeOutcome = 'success' | 'failure';

export interface ProbeResult {
  result: ProbeOutcome;
  output: string;
}

export type ProbeKind = 'startup' | 'readiness' | 'liveness';
