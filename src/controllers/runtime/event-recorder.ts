import { randomBytes } from 'node:crypto';
import type { KubeClient } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';
import type { EventRecorder, KubeObject } from './types.js';

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

const ts = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * core/v1 Events for an object, as kube-controller-manager records them: a repeat of the same
 * (object, type, reason, message) bumps count and lastTimestamp instead of making a new Event.
 * Recording never fails the caller; problems are logged.
 */
export class ApiEventRecorder implements EventRecorder {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly client: KubeClient, private readonly component: string, private readonly log: Logger, private readonly now: () => Date = () => new Date()) {}

  event(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    void this.record(involved, type, reason, message).catch((err: unknown) => this.log.debug({ err, reason }, 'could not record event'));
  }

  private async record(involved: KubeObject, type: string, reason: string, message: string): Promise<void> {
    const meta = involved['metadata'] ?? {};
    const namespace = meta.namespace || 'default';
    const key = `${meta.uid}|${type}|${reason}|${message}`;
    const now = ts(this.now());
    const prior = this.seen.get(key);
    if (prior) {
      prior.count++;
      try {
        await this.client.request('PATCH', `/api/v1/namespaces/${prior.namespace}/events/${prior.name}`, {
          body: { count: prior.count, lastTimestamp: now },
          contentType: 'application/merge-patch+json',
        });
        return;
      } catch {
        this.seen.delete(key);
      }
    }
    const name = `${meta.name}.${randomBytes(8).toString('hex')}`;
    await this.client.request('POST', `/api/v1/namespaces/${namespace}/events`, {
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: { kind: involved['kind'], apiVersion: involved['apiVersion'], name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion },
        type,
        reason,
        message,
        source: { component: this.component },
        reportingComponent: this.component,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    });
    this.seen.set(key, { name, namespace, count: 1, firstTimestamp: now });
    if (this.seen.size > 5000) this.seen.delete(this.seen.keys().next().value as string);
  }
}
