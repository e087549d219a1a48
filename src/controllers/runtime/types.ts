/**
 * The controller runtime's contract. Controllers observe through informers (list + watch + local
 * cache), decide in a pure plan function, and act through the API (KubeClient) only.
 */
import type { KubeClient } from '../../client/index.js';
import type { Logger } from '../../lib/log.js';

export type KubeObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface InformerHandlers<T extends KubeObject = KubeObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

/** A shared, read-only cache of one collection, kept current by a watch. Never mutate what it returns. */
export interface Informer<T extends KubeObject = KubeObject> {
  /** e.g. "/api/v1/pods" or "/apis/apps/v1/statefulsets" (all namespaces). */
  readonly path: string;
  on(handlers: InformerHandlers<T>): void;
  list(namespace?: string): T[];
  get(namespace: string | undefined, name: string): T | undefined;
  hasSynced(): boolean;
  /** Resolves once the first list has been loaded into the cache. */
  waitForSync(): Promise<void>;
}

export interface InformerFactory {
  /** One informer per path (and selector), shared by every controller that asks. */
  informer<T extends KubeObject = KubeObject>(path: string, options?: { labelSelector?: string; fieldSelector?: string }): Informer<T>;
}

/** What a reconcile asks of the queue afterwards. */
export interface ReconcileResult {
  /** Run this key again after this many milliseconds (polling while waiting on something). */
  requeueAfterMs?: number;
}

/** A level-triggered controller: reconcile(key) brings one object to its desired state from current state. */
export interface Reconciler {
  readonly name: string;
  /** Called once with the shared informers; register handlers that enqueue keys. */
  setup(ctx: ControllerContext, enqueue: (key: string) => void): void | Promise<void>;
  /** key is "namespace/name" (or "name" for cluster-scoped). Throwing retries with back-off. */
  reconcile(key: string): Promise<ReconcileResult | void>;
}

export interface EventRecorder {
  /** type Normal|Warning; reason like SuccessfulCreate / FailedCreate; message for humans. */
  event(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export interface ControllerContext {
  client: KubeClient;
  informers: InformerFactory;
  events: EventRecorder;
  log: Logger;
  now(): Date;
}

export function objectKey(obj: KubeObject): string {
  const ns = obj['metadata']?.namespace;
  return ns ? `${ns}/${obj['metadata'].name}` : obj['metadata'].name;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
