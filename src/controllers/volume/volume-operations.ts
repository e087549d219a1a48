/**
 * Provisioning and deleting storage run beside the reconcile, as kube-controller-manager's PV
 * controller runs them (scheduleOperation on a goroutinemap keyed by the claim or volume): a
 * reconcile starts the operation and returns, so one slow storage call (an `rbd` process: ~50-200 ms)
 * does not hold one of the controller's two workers, and 50 claims provision side by side (at most
 * `maxConcurrent` at once). One operation per key at a time. A failed one (it threw) backs off
 * exponentially - 500 ms doubling to 2 min, goroutinemap's schedule - and then wakes its key again; a
 * key that just succeeded is not started again for a short grace while the informer catches up with
 * what it wrote (a PV POSTed a moment ago is not in the cache yet).
 */
export type OperationStart = 'started' | 'queued' | 'running' | 'backing-off' | 'just-done';

export interface VolumeOperationsOptions {
  maxConcurrent?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long after a success the key is left alone (default 5 s; 0 for deletes: their success ends the object). */
  graceMs?: number;
  now?: () => number;
}

interface Failure {
  count: number;
  until: number;
}

export class VolumeOperations {
  private readonly busy = new Set<string>();
  private readonly failures = new Map<string, Failure>();
  private readonly doneAt = new Map<string, number>();
  private readonly waiting: Array<() => void> = [];
  private readonly wakeups = new Set<string>();
  private active = 0;

  /** `wake(key)` enqueues the key again once its back-off is over. */
  constructor(private readonly wake: (key: string) => void, private readonly options: VolumeOperationsOptions = {}) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  start(key: string, op: () => Promise<void>, onError: (key: string, error: unknown) => void = () => {}): OperationStart {
    if (this.busy.has(key)) return 'running';
    const now = this.now();
    const failed = this.failures.get(key);
    if (failed && now < failed.until) return 'backing-off';
    const done = this.doneAt.get(key);
    const grace = this.options.graceMs ?? 5000;
    if (done !== undefined && now - done < grace) {
      // asked again so soon: look once more when the grace is over, in case something did change
      if (!this.wakeups.has(key)) {
        this.wakeups.add(key);
        setTimeout(() => {
          this.wakeups.delete(key);
          this.wake(key);
        }, grace - (now - done)).unref();
      }
      return 'just-done';
    }
    this.doneAt.delete(key);
    this.busy.add(key);
    const run = (): void => {
      this.active++;
      op().then(
        () => this.succeeded(key),
        (e: unknown) => this.failed(key, e, onError),
      ).finally(() => {
        this.busy.delete(key);
        this.active--;
        this.waiting.shift()?.();
      });
    };
    if (this.active < (this.options.maxConcurrent ?? 16)) {
      run();
      return 'started';
    }
    this.waiting.push(run);
    return 'queued';
  }

  isBusy(key: string): boolean {
    return this.busy.has(key);
  }

  private succeeded(key: string): void {
    this.failures.delete(key);
    this.doneAt.set(key, this.now());
    if (this.doneAt.size > 10_000) this.doneAt.delete(this.doneAt.keys().next().value as string);
  }

  private failed(key: string, e: unknown, onError: (key: string, error: unknown) => void): void {
    const count = (this.failures.get(key)?.count ?? 0) + 1;
    const delay = Math.min((this.options.initialBackoffMs ?? 500) * 2 ** (count - 1), this.options.maxBackoffMs ?? 122_000);
    this.failures.set(key, { count, until: this.now() + delay });
    onError(key, e);
    setTimeout(() => this.wake(key), delay).unref();
  }
}
