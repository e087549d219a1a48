import type { KubeClient } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';
import { ApiEventRecorder } from './event-recorder.js';
import { SharedInformerFactory } from './informer-factory.js';
import { LeaderElector, type LeaderElectionOptions } from './leader-election.js';
import type { ControllerContext, Reconciler } from './types.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerManagerOptions {
  client: KubeClient;
  log: Logger;
  reconcilers: Reconciler[];
  /** Workers per controller (keys of one controller run concurrently, one key never twice at once). */
  workers?: number;
  leaderElection?: LeaderElectionOptions | false;
  now?: () => Date;
}

interface Running {
  reconciler: Reconciler;
  queue: WorkQueue;
}

/**
 * Runs reconcilers the way kube-controller-manager does: shared informers feed per-controller work
 * queues; workers call reconcile(key); errors retry with back-off; requeueAfter polls. With leader
 * election (default) nothing acts until this process holds the Lease, so two servers on one cluster
 * never both act.
 */
export class ControllerManager {
  private informers: SharedInformerFactory;
  private readonly running: Running[] = [];
  private elector: LeaderElector | undefined;
  private active = false;

  constructor(private readonly options: ControllerManagerOptions) {
    this.informers = new SharedInformerFactory(options.client, options.log);
  }

  async start(): Promise<void> {
    if (this.options.leaderElection === false) return this.run();
    this.elector = new LeaderElector(this.options.client, this.options.log, {
      onStartedLeading: () => void this.run(),
      onStoppedLeading: () => this.halt(),
    }, this.options.leaderElection ?? {});
    this.elector.start();
  }

  private async run(): Promise<void> {
    if (this.active) return;
    this.active = true;
    const { client, log } = this.options;
    // fresh caches each time leadership is (re)gained: a stopped informer does not restart
    this.informers = new SharedInformerFactory(client, log);
    const now = this.options.now ?? (() => new Date());
    for (const reconciler of this.options.reconcilers) {
      const queue = new WorkQueue();
      const ctx: ControllerContext = {
        client,
        informers: this.informers,
        events: new ApiEventRecorder(client, reconciler.name, log.child({ controller: reconciler.name }), now),
        log: log.child({ controller: reconciler.name }),
        now,
      };
      await reconciler.setup(ctx, (key) => queue.add(key));
      this.running.push({ reconciler, queue });
    }
    this.informers.start();
    await this.informers.waitForSync();
    log.info({ controllers: this.running.map((r) => r.reconciler.name) }, 'controllers started');
    for (const r of this.running) {
      for (let i = 0; i < (this.options.workers ?? 2); i++) void this.worker(r);
    }
  }

  private async worker(r: Running): Promise<void> {
    const log = this.options.log.child({ controller: r.reconciler.name });
    for (;;) {
      const key = await r.queue.get();
      if (key === undefined) return;
      try {
        const result = await r.reconciler.reconcile(key);
        r.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) r.queue.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status === 409) log.debug({ key }, 'conflict; retrying from fresh state');
        else log.warn({ err, key }, 'reconcile failed; retrying with back-off');
        r.queue.addRateLimited(key);
      } finally {
        r.queue.done(key);
      }
    }
  }

  private halt(): void {
    for (const r of this.running) r.queue.shutDown();
    this.running.length = 0;
    this.informers.stop();
    this.active = false;
    // a process that lost its lease exits its controllers; the server keeps serving the API
  }

  async stop(): Promise<void> {
    this.halt();
    await this.elector?.stop();
  }

  isLeader(): boolean {
    return this.elector ? this.elector.isLeader() : this.active;
  }
}
