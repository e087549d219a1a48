/**
 * The writes for pods and claims, with the events Kubernetes records on the set for them
 * ("create Claim www-web-0 Pod web-0 in StatefulSet web success", "create Pod web-0 in StatefulSet
 * web successful", "delete Pod web-2 ..."). Writes are guarded: deletes by uid, patches by
 * resourceVersion, so a decision made from a stale cache fails instead of hitting a newer object.
 */
import { ApiRequestError, type KubeClient } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';
import type { EventRecorder, KubeObject } from '../runtime/index.js';
import { controllerOf } from './set-spec.js';

export interface ControlDeps {
  client: KubeClient;
  events: EventRecorder;
  log: Logger;
}

const mergePatch = 'application/merge-patch+json';
const statusOf = (err: unknown): number | undefined => (err instanceof ApiRequestError ? err.status : undefined);
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const podsPath = (ns: string): string => `/api/v1/namespaces/${ns}/pods`;
export const claimsPath = (ns: string): string => `/api/v1/namespaces/${ns}/persistentvolumeclaims`;

/** The set as an event's involved object (cached list items may lack kind and apiVersion). */
export function eventTarget(set: KubeObject): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: set['metadata'] };
}

export class PodControl {
  constructor(private readonly set: KubeObject, private readonly deps: ControlDeps) {}

  private get ns(): string {
    return this.set['metadata'].namespace;
  }

  private get setName(): string {
    return this.set['metadata'].name;
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.events.event(eventTarget(this.set), type, reason, message);
  }

  /** Create one claim unless it exists; an existing claim is used as it is, unless it is being deleted. */
  async createClaim(claim: KubeObject, pod: string): Promise<void> {
    const name: string = claim['metadata'].name;
    try {
      await this.deps.client.request('POST', claimsPath(this.ns), { body: claim });
      this.event('Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${pod} in StatefulSet ${this.setName} success`);
      this.deps.log.info({ claim: name, pod }, 'created claim');
      return;
    } catch (err) {
      if (statusOf(err) !== 409) {
        this.event('Warning', 'FailedCreate', `create Claim ${name} for Pod ${pod} in StatefulSet ${this.setName} failed error: ${messageOf(err)}`);
        throw err;
      }
    }
    const existing = await this.deps.client.request<KubeObject>('GET', `${claimsPath(this.ns)}/${name}`);
    if (existing['metadata']?.deletionTimestamp) throw new Error(`pvc ${name} is being deleted`);
  }

  /** Claims first, then the pod; the pod is not created when one of its claims cannot be had. */
  async createPod(pod: KubeObject, claims: KubeObject[]): Promise<void> {
    const name: string = pod['metadata'].name;
    try {
      for (const claim of claims) await this.createClaim(claim, name);
      await this.deps.client.request('POST', podsPath(this.ns), { body: pod });
    } catch (err) {
      if (statusOf(err) === 409 && (await this.isOurs(name))) return; // our cache is behind: the pod is there
      this.event('Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${this.setName} failed error: ${messageOf(err)}`);
      throw err;
    }
    this.event('Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${this.setName} successful`);
    this.deps.log.info({ pod: name }, 'created pod');
  }

  private async isOurs(name: string): Promise<boolean> {
    try {
      const pod = await this.deps.client.request<KubeObject>('GET', `${podsPath(this.ns)}/${name}`);
      return controllerOf(pod)?.['uid'] === this.set['metadata'].uid;
    } catch {
      return false;
    }
  }

  async deletePod(name: string, uid: string, why: string): Promise<void> {
    try {
      await this.deps.client.request('DELETE', `${podsPath(this.ns)}/${name}`, { body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid } } });
    } catch (err) {
      // 404: already gone; 409: the name now holds a newer pod, judged on the next sync
      if (statusOf(err) === 404 || statusOf(err) === 409) return;
      this.event('Warning', 'FailedDelete', `delete Pod ${name} in StatefulSet ${this.setName} failed error: ${messageOf(err)}`);
      throw err;
    }
    this.event('Normal', 'SuccessfulDelete', `delete Pod ${name} in StatefulSet ${this.setName} successful`);
    this.deps.log.info({ pod: name, why }, 'deleted pod');
  }

  /** Merge-patch the given metadata/spec fields, guarded by the resourceVersion the decision saw. */
  async patch(kind: 'Pod' | 'Claim', obj: KubeObject, fields: { metadata?: KubeObject; spec?: KubeObject }): Promise<void> {
    const name: string = obj['metadata'].name;
    const path = `${kind === 'Pod' ? podsPath(this.ns) : claimsPath(this.ns)}/${name}`;
    const body: KubeObject = { metadata: { ...fields.metadata, resourceVersion: obj['metadata'].resourceVersion } };
    if (fields.spec) body['spec'] = fields.spec;
    try {
      await this.deps.client.request('PATCH', path, { body, contentType: mergePatch });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw err;
    }
  }

  /** A failed update is worth an event unless it is a routine conflict (our cache was behind). */
  private failedUpdate(kind: 'Pod' | 'Claim', name: string, err: unknown): unknown {
    if (statusOf(err) !== 409) this.event('Warning', 'FailedUpdate', `update ${kind} ${name} in StatefulSet ${this.setName} failed error: ${messageOf(err)}`);
    return err;
  }

  async setOwnerReferences(kind: 'Pod' | 'Claim', obj: KubeObject): Promise<void> {
    const refs: KubeObject[] = obj['metadata'].ownerReferences ?? [];
    await this.patch(kind, obj, { metadata: { ownerReferences: refs.length > 0 ? refs : null } }).catch((err: unknown) => {
      throw this.failedUpdate(kind, obj['metadata'].name, err);
    });
  }

  /**
   * Identity labels can always be repaired; volumes only where the API allows pod spec changes
   * (kube-apiserver does not). A refused volume change is final: it is reported, not retried.
   */
  async updatePod(obj: KubeObject, changes: string[]): Promise<void> {
    const name: string = obj['metadata'].name;
    const labels = { metadata: { labels: obj['metadata'].labels } };
    if (changes.includes('claim volumes')) {
      try {
        await this.patch('Pod', obj, { ...labels, spec: { volumes: obj['spec'].volumes } });
        this.event('Normal', 'SuccessfulUpdate', `update Pod ${name} in StatefulSet ${this.setName} successful`);
        return;
      } catch (err) {
        if (statusOf(err) !== 422) throw this.failedUpdate('Pod', name, err);
        this.event('Warning', 'FailedUpdate', `Pod ${name} does not mount its claims and its volumes cannot change in place; delete it to have it re-created with them`);
        if (!changes.includes('identity labels')) return;
      }
    }
    await this.patch('Pod', obj, labels).catch((err: unknown) => {
      throw this.failedUpdate('Pod', name, err);
    });
    this.event('Normal', 'SuccessfulUpdate', `update Pod ${name} in StatefulSet ${this.setName} successful`);
  }
}
