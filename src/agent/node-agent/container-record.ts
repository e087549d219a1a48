/**
 * What the agent knows about one container of a pod across its restarts: the running instance (if
 * any), the last terminated one, restart count, back-off, readiness. Turned into a container status.
 */
import type { RunningContainer } from '../sandbox/types.js';
import type { BackoffState } from './crash-backoff.js';
import type { ContainerState, ObservedContainer } from './pod-status.js';

export interface ProbeHandle {
  stop(): void;
}

export interface RunningInstance {
  container: RunningContainer;
  /** `ordinal://<id>` */
  containerID: string;
  startedAt: string;
  logPath: string;
  rootDir: string;
  env: Record<string, string>;
  workingDir: string;
  probes: ProbeHandle[];
  /** Readiness probe result (true when there is no readiness probe and the container is started). */
  ready: boolean;
  /** Startup probe passed (true when there is none). */
  started: boolean;
  /** Being stopped on purpose (liveness failure, pod termination). */
  stopping: boolean;
}

export class ContainerRecord {
  restartCount = 0;
  /** How many instances were started (the log file of instance n is `<n>.log`). */
  instances = 0;
  running: RunningInstance | undefined;
  /** The last finished instance, as a terminated state. */
  lastTerminated: ContainerState | undefined;
  /** Why it is not running right now (ContainerCreating, CrashLoopBackOff, ErrImagePull, ...). */
  waiting: { reason: string; message?: string } | undefined = { reason: 'ContainerCreating' };
  backoff: BackoffState | undefined;
  imageBackoff: BackoffState | undefined;
  imagePullFailures = 0;
  /** The terminated state stays current (no restart) for restartPolicy Never/OnFailure-success. */
  done = false;
  /** The log path of the previous instance, for `logs --previous`. */
  previousLogPath: string | undefined;

  constructor(readonly name: string, readonly image: string) {}

  observe(): ObservedContainer {
    const base = { name: this.name, image: this.image, imageID: this.imageID(), restartCount: this.restartCount };
    if (this.running) {
      return {
        ...base,
        containerID: this.running.containerID,
        state: { running: { startedAt: this.running.startedAt } },
        ...(this.lastTerminated ? { lastState: this.lastTerminated } : {}),
        ready: this.running.ready && this.running.started,
        started: this.running.started,
      };
    }
    if (this.done && this.lastTerminated) {
      return { ...base, state: this.lastTerminated, ready: false, started: false };
    }
    return {
      ...base,
      state: { waiting: this.waiting ?? { reason: 'ContainerCreating' } },
      ...(this.lastTerminated ? { lastState: this.lastTerminated } : {}),
      ready: false,
      started: false,
    };
  }

  private imageID(): string {
    return this.instances > 0 ? `ordinal-host://${this.image}` : '';
  }
}
