/**
 * The whole storage contract of the API server. Keys are opaque strings ordered bytewise;
 * the API server lays them out as /<group>/<resource>/[<namespace>/]<name>.
 * Every write gets the next global revision; that number is the object's resourceVersion.
 */
export type KubeObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StoredObject {
  key: string;
  /** Revision of the last write of this key (= metadata.resourceVersion). */
  rev: number;
  /** The object, already stamped with metadata.resourceVersion. A fresh copy: callers may mutate it. */
  value: KubeObject;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  key: string;
  rev: number;
  /** JSON of the object after the write (for DELETED: the last state, stamped with the deleting revision). */
  json: string;
  /** JSON of the object before the write; undefined for ADDED, or when it was compacted away. */
  prevJson: string | undefined;
}

export interface ListOptions {
  /** Return keys strictly greater than this one (continue). */
  after?: string;
  /** At most this many items; more=true when some were left. */
  limit?: number;
}

export interface ListResult {
  items: StoredObject[];
  /** The store revision the list was read at. */
  revision: number;
  more: boolean;
}

export type Unsubscribe = () => void;

export interface Store {
  /** Highest revision written so far. */
  currentRevision(): number;
  /** Revisions at or below this one are no longer in the change log. */
  compactedRevision(): number;
  get(key: string): StoredObject | undefined;
  list(prefix: string, options?: ListOptions): ListResult;
  count(prefix: string): number;
  /** Fails with E_STORE_EXISTS when the key is present. */
  create(key: string, value: KubeObject): StoredObject;
  /**
   * Replace the value. With expectedRev, fails with E_STORE_CONFLICT when the stored revision differs.
   * Fails with E_STORE_NOT_FOUND when absent.
   */
  update(key: string, value: KubeObject, expectedRev?: number): StoredObject;
  /** Remove the key; returns the last value stamped with the deleting revision. */
  delete(key: string, expectedRev?: number): StoredObject;
  /**
   * Deliver every change under prefix with revision > fromRev (replayed from the log, then live), in
   * revision order, exactly once. Fails with E_STORE_COMPACTED when fromRev < compactedRevision().
   */
  watch(prefix: string, fromRev: number, listener: (event: StoreEvent) => void): Unsubscribe;
  /**
   * Writes are grouped per event-loop turn into one transaction (group commit). afterCommit runs fn once
   * everything written so far is durable (immediately when nothing is pending); commit forces it now.
   * Watchers are notified at commit, never before.
   */
  afterCommit(fn: () => void): void;
  commit(): void;
  /** Drop change-log entries at or below rev (never the current revision itself). */
  compact(rev: number): void;
  close(): void;
}

export const storeErrorCodes = {
  notFound: 'E_STORE_NOT_FOUND',
  exists: 'E_STORE_EXISTS',
  conflict: 'E_STORE_CONFLICT',
  compacted: 'E_STORE_COMPACTED',
  locked: 'E_STORE_LOCKED',
} as const;
