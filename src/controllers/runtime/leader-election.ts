import { hostname } from 'node:os';
import type { KubeClient } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';
import type { KubeObject } from './types.js';

export interface LeaderElectionOptions {
  namespace?: string;
  name?: string;
  identity?: string;
  leaseDurationSeconds?: number;
  renewIntervalMs?: number;
  now?: () => Date;
}

const micro = (d: Date): string => d.toISOString().replace('Z', '000Z');

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection does: acquire
 * when the lease is free or expired, renew before it expires, and step down (stop acting) as soon as
 * a renewal cannot be confirmed. Writes use the Lease's resourceVersion, so two candidates can never
 * both believe they won.
 */
export class LeaderElector {
  readonly identity: string;
  private leading = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly ns: string;
  private readonly name: string;
  private readonly duration: number;
  private readonly renewMs: number;
  private readonly now: () => Date;

  constructor(private readonly client: KubeClient, private readonly log: Logger, private readonly callbacks: { onStartedLeading(): void; onStoppedLeading(): void }, options: LeaderElectionOptions = {}) {
    this.ns = options.namespace ?? 'kube-system';
    this.name = options.name ?? 'ordinal-controller-manager';
    this.identity = options.identity ?? `${hostname()}_${process.pid}`;
    this.duration = options.leaseDurationSeconds ?? 15;
    this.renewMs = options.renewIntervalMs ?? 2000;
    this.now = options.now ?? (() => new Date());
  }

  isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      let won = false;
      try {
        won = await this.tryAcquireOrRenew();
      } catch (err) {
        this.log.debug({ err }, 'leader election round failed');
      }
      // stop() ran while this round was in flight: never start leading after it (that restarted the
      // controllers of a stopped manager, whose watches then kept the process alive)
      if (this.stopped) return;
      if (won && !this.leading) {
        this.leading = true;
        this.log.info({ lease: `${this.ns}/${this.name}`, identity: this.identity }, 'became leader');
        this.callbacks.onStartedLeading();
      } else if (!won && this.leading) {
        this.leading = false;
        this.log.warn({ lease: `${this.ns}/${this.name}` }, 'lost leadership; controllers stop acting');
        this.callbacks.onStoppedLeading();
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.renewMs);
    };
    void tick();
  }

  /** Stop renewing; release the lease so another candidate can take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading) return;
    this.leading = false;
    this.callbacks.onStoppedLeading();
    try {
      const lease = await this.client.request<KubeObject>('GET', this.path());
      if (lease['spec']?.holderIdentity === this.identity) {
        lease['spec'].holderIdentity = null;
        lease['spec'].leaseDurationSeconds = 1;
        await this.client.request('PUT', this.path(), { body: lease });
      }
    } catch (err) {
      this.log.debug({ err }, 'could not release the lease');
    }
  }

  private path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.ns}/leases/${this.name}`;
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.now();
    let lease: KubeObject | undefined;
    try {
      lease = await this.client.request<KubeObject>('GET', this.path());
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    if (!lease) {
      await this.client.request('POST', `/apis/coordination.k8s.io/v1/namespaces/${this.ns}/leases`, {
        body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.ns }, spec: { holderIdentity: this.identity, leaseDurationSeconds: this.duration, acquireTime: micro(now), renewTime: micro(now), leaseTransitions: 0 } },
      });
      return true;
    }
    const spec = lease['spec'] ?? {};
    const renewed = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    const expired = renewed + (spec.leaseDurationSeconds ?? this.duration) * 1000 < now.getTime();
    const mine = spec.holderIdentity === this.identity;
    if (!mine && spec.holderIdentity && !expired) return false;
    lease['spec'] = {
      ...spec,
      holderIdentity: this.identity,
      leaseDurationSeconds: this.duration,
      renewTime: micro(now),
      ...(mine ? {} : { acquireTime: micro(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 }),
    };
    await this.client.request('PUT', this.path(), { body: lease }); // 409 if someone else wrote first
    return true;
  }
}
