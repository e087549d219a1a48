/** The writes for the set itself: its ControllerRevisions and its status (through /status). */
import { ApiRequestError, type KubeClient } from '../../client/index.js';
import { deepEqual } from '../../lib/deep-equal.js';
import type { KubeObject } from '../runtime/index.js';
import { controllerOf } from './set-spec.js';
import type { StatefulSetStatus } from './types.js';

const statusOf = (err: unknown): number | undefined => (err instanceof ApiRequestError ? err.status : undefined);

export const revisionsPath = (ns: string): string => `/apis/apps/v1/namespaces/${ns}/controllerrevisions`;
export const setPath = (ns: string, name: string): string => `/apis/apps/v1/namespaces/${ns}/statefulsets/${name}`;

export class SetControl {
  private adoptionChecked = false;

  constructor(private readonly set: KubeObject, private readonly client: KubeClient) {}

  private get ns(): string {
    return this.set['metadata'].namespace;
  }

  /** Before adopting anything, make sure the set (not a stale cache entry) is still there and staying. */
  async checkCanAdopt(): Promise<void> {
    if (this.adoptionChecked) return;
    const fresh = await this.client.request<KubeObject>('GET', setPath(this.ns, this.set['metadata'].name));
    if (fresh['metadata']?.uid !== this.set['metadata'].uid) throw new Error(`original StatefulSet ${this.set['metadata'].name} is gone: got uid ${fresh['metadata']?.uid}, wanted ${this.set['metadata'].uid}`);
    if (fresh['metadata']?.deletionTimestamp) throw new Error(`StatefulSet ${this.set['metadata'].name} is being deleted; it adopts nothing`);
    this.adoptionChecked = true;
  }

  /** A name already taken by identical data of ours is fine (cache lag); anything else is a collision. */
  async createRevision(revision: KubeObject): Promise<void> {
    try {
      await this.client.request('POST', revisionsPath(this.ns), { body: revision });
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
      const existing = await this.client.request<KubeObject>('GET', `${revisionsPath(this.ns)}/${revision['metadata'].name}`);
      const ours = controllerOf(existing)?.['uid'] === this.set['metadata'].uid;
      if (!ours || !deepEqual(existing['data'], revision['data'])) throw new Error(`ControllerRevision ${revision['metadata'].name} exists with other content (hash collision)`, { cause: err });
    }
  }

  /** Adoption: our controller reference, guarded by the resourceVersion the decision saw. */
  async setRevisionOwners(revision: KubeObject): Promise<void> {
    const metadata = { ownerReferences: revision['metadata'].ownerReferences, resourceVersion: revision['metadata'].resourceVersion };
    await this.client.request('PATCH', `${revisionsPath(this.ns)}/${revision['metadata'].name}`, { body: { metadata }, contentType: 'application/merge-patch+json' });
  }

  async updateRevision(revision: KubeObject): Promise<void> {
    await this.client.request('PUT', `${revisionsPath(this.ns)}/${revision['metadata'].name}`, { body: revision });
  }

  async deleteRevision(name: string, uid: string): Promise<void> {
    try {
      await this.client.request('DELETE', `${revisionsPath(this.ns)}/${name}`, { body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid } } });
    } catch (err) {
      if (statusOf(err) !== 404 && statusOf(err) !== 409) throw err;
    }
  }

  /** PUT /status; on a conflict, re-read the set and apply the same status again (a few times). */
  async updateStatus(status: StatefulSetStatus): Promise<void> {
    let current = this.set;
    for (let attempt = 0; ; attempt++) {
      const body = { ...current, apiVersion: 'apps/v1', kind: 'StatefulSet', status: { ...(current['status'] ?? {}), ...status } };
      try {
        await this.client.request('PUT', `${setPath(this.ns, current['metadata'].name)}/status`, { body });
        return;
      } catch (err) {
        if (statusOf(err) === 404) return;
        if (statusOf(err) !== 409 || attempt >= 4) throw err;
      }
      current = await this.client.request<KubeObject>('GET', setPath(this.ns, this.set['metadata'].name));
      if (current['metadata']?.uid !== this.set['metadata'].uid) return;
    }
  }
}
