/**
 * What the node agent's streaming server (the kubelet's /containerLogs and /exec) needs from the
 * agent: where a container's log is, and a way to exec into it. The agent implements PodStreams.
 */
import type { ExecProcess } from '../sandbox/types.js';

/** A failure answered to the API server (and on to kubectl) with this HTTP status and message. */
export class StreamError extends Error {
  readonly code = 'E_STREAM';
  constructor(readonly httpStatus: number, message: string) {
    super(message);
    this.name = 'StreamError';
  }
}

export interface ContainerLogRef {
  /** The log file of the current (or, with previous, the last terminated) container instance. */
  path: string;
  /** True while that container instance still runs (follow keeps reading until it is false). */
  isRunning(): boolean;
}

export interface PodStreams {
  /**
   * container '' means the pod's only container (an error naming the choices when there are several).
   * Throws StreamError: 404 pod not on this node, 400 unknown container / no previous instance /
   * container not started yet (messages as the kubelet words them).
   */
  containerLog(namespace: string, pod: string, container: string, previous: boolean): ContainerLogRef;
  /** Same container rules; the agent supplies the container's env and working dir. */
  exec(namespace: string, pod: string, container: string, command: string[], tty: boolean): ExecProcess;
}
