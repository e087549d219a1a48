/**
 * Runs one probe of one container on the kubelet's schedule (pkg/kubelet/prober/worker.go):
 * nothing before initialDelaySeconds after the container started, then one attempt every
 * periodSeconds (default 10; a slow attempt delays the next, never overlaps it). The reported state
 * flips only after successThreshold (1) successes or failureThreshold (3) failures in a row.
 * Readiness starts not ready; liveness starts healthy; startup starts unknown (not started), so
 * its first reported result - started, or failed after failureThreshold - always calls onChange.
 * - startup: stops probing once it succeeded (the container has started);
 * - liveness and startup: after reporting a failure the worker holds (the caller restarts the
 *   container and makes a new worker for the new one);
 * - liveness and readiness: with `isStarted`, attempts are skipped while it returns false (the
 *   startup gate); call trigger() when the startup probe succeeds to probe at once, as the kubelet
 *   does for readiness.
 * Differences from the kubelet: the first attempt is exactly at initialDelaySeconds (the kubelet
 * waits for its next tick), and there is no start-up jitter.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { runProbe } from './run-probe.js';
import type { ProbeKind, ProbeResult, ProbeTarget } from './types.js';

export interface ProbeTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: ProbeTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface ProbeWorkerOptions {
  kind: ProbeKind;
  probe: KubeObject;
  target: ProbeTarget;
  /** Reported state changes only (ready/not ready, healthy/unhealthy, started). */
  onChange(healthy: boolean, output: string): void;
  /** When the container started (ms since epoch); default: when start() is called. */
  startedAt?: number;
  /** Startup gate for liveness/readiness: attempts are skipped while this returns false. */
  isStarted?: () => boolean;
  timers?: ProbeTimers;
  /** Replaces the real prober (unit tests). */
  run?: (probe: KubeObject, target: ProbeTarget) => Promise<ProbeResult>;
}

function seconds(value: unknown, fallback: number, min: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= min ? n : fallback;
}

export class ProbeWorker {
  readonly kind: ProbeKind;
  private readonly options: ProbeWorkerOptions;
  private readonly timers: ProbeTimers;
  private readonly periodMs: number;
  private readonly initialDelayMs: number;
  private readonly successThreshold: number;
  private readonly failureThreshold: number;
  private state: 'unknown' | 'success' | 'failure';
  private startedAt = 0;
  private output = '';
  private lastResult: 'success' | 'failure' | undefined;
  private resultRun = 0;
  private timer: unknown;
  private running = false;
  private stopped = true;
  private done = false;
  private triggered = false;

  constructor(options: ProbeWorkerOptions) {
    this.options = options;
    this.kind = options.kind;
    this.timers = options.timers ?? realTimers;
    const p = options.probe;
    this.periodMs = seconds(p['periodSeconds'], 10, 1) * 1000;
    this.initialDelayMs = seconds(p['initialDelaySeconds'], 0, 0) * 1000;
    this.successThreshold = options.kind === 'readiness' ? seconds(p['successThreshold'], 1, 1) : 1;
    this.failureThreshold = seconds(p['failureThreshold'], 3, 1);
    this.state = options.kind === 'liveness' ? 'success' : options.kind === 'readiness' ? 'failure' : 'unknown';
  }

  /** Ready / alive / started, as last reported. */
  get healthy(): boolean {
    return this.state === 'success';
  }

  /** The output of the attempt that last changed the state. */
  get lastOutput(): string {
    return this.output;
  }

  start(): void {
    if (!this.stopped || this.done) return;
    this.stopped = false;
    this.startedAt = this.options.startedAt ?? this.timers.now();
    this.schedule(Math.max(0, this.startedAt + this.initialDelayMs - this.timers.now()));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Probe now (once the initial delay has passed) instead of at the next period. */
  trigger(): void {
    if (this.stopped || this.done) return;
    if (this.running) {
      this.triggered = true;
      return;
    }
    if (this.timers.now() < this.startedAt + this.initialDelayMs) return;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.done) return;
    const began = this.timers.now();
    const gated = this.kind !== 'startup' && this.options.isStarted !== undefined && !this.options.isStarted();
    if (!gated) {
      this.running = true;
      let r: ProbeResult;
      try {
        r = await (this.options.run ?? runProbe)(this.options.probe, this.options.target);
      } catch (e) {
        r = { result: 'failure', output: e instanceof Error ? e.message : String(e) };
      } finally {
        this.running = false;
      }
      if (this.stopped) return;
      this.record(r);
    }
    if (this.stopped || this.done) return;
    if (this.triggered) {
      this.triggered = false;
      this.schedule(0);
      return;
    }
    this.schedule(Math.max(0, began + this.periodMs - this.timers.now()));
  }

  private record(r: ProbeResult): void {
    if (this.lastResult === r.result) this.resultRun++;
    else {
      this.lastResult = r.result;
      this.resultRun = 1;
    }
    const threshold = r.result === 'success' ? this.successThreshold : this.failureThreshold;
    if (this.resultRun < threshold) return;
    const healthy = r.result === 'success';
    if (r.result !== this.state) {
      this.state = r.result;
      this.output = r.output;
      this.options.onChange(healthy, r.output);
    }
    if (this.kind === 'startup' && healthy) this.done = true;
    if ((this.kind === 'liveness' || this.kind === 'startup') && !healthy) {
      this.done = true;
      this.resultRun = 0;
    }
  }
}
