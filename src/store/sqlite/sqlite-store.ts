import Database from 'better-sqlite3';
import { OrdinalError } from '../../lib/errors.js';
import { Broadcaster } from '../broadcaster.js';
import {
  storeErrorCodes,
  type KubeObject,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type StoredObject,
  type Unsubscribe,
} from '../types.js';
import { eventTypeCodes, eventTypeNames, schemaSql } from './schema.js';
import { WriteBatch } from './write-batch.js';

export interface SqliteStoreOptions {
  /** Path of the database file, or ':memory:'. */
  path: string;
  /**
   * 'normal' (default): a write is acknowledged once it is in the WAL, which survives kill -9 of the
   * process but not a power cut. 'full': fsync per commit, which survives both and is slower.
   */
  sync?: 'normal' | 'full';
}

interface KvRow { key: string; rev: number; value: string }
interface LogRow { rev: number; key: string; type: number; value: string; prev_rev: number | null }

const keyUpperBound = (prefix: string): string => prefix + '\uffff';

function stamp(value: KubeObject, rev: number): string {
  const meta = (value['metadata'] ??= {}) as KubeObject;
  meta['resourceVersion'] = String(rev);
  return JSON.stringify(value);
}

/** The Store over one SQLite file (better-sqlite3, WAL). One process owns the file. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly broadcaster = new Broadcaster();
  private rev: number;
  /** Highest revision whose transaction has committed; replays never go past it. */
  private committed: number;
  private compacted: number;
  private batch: WriteBatch | undefined;
  private readonly stmt;

  constructor(options: SqliteStoreOptions) {
    this.db = new Database(options.path);
    // One process owns the file: exclusive locking (taken by the first write below) makes a second
    // server on the same data dir fail at start instead of corrupting revisions.
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('busy_timeout = 1000');
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.exec(schemaSql);
      this.db.exec('BEGIN IMMEDIATE; COMMIT');
    } catch (err) {
      this.db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        throw new OrdinalError(storeErrorCodes.locked, `the store ${options.path} is in use by another process (is another ordinal server running on this data dir?)`, { cause: err });
      }
      throw err;
    }
    this.db.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`);
    this.stmt = {
      get: this.db.prepare<[string], KvRow>('SELECT key, rev, value FROM kv WHERE key = ?'),
      list: this.db.prepare<[string, string, number], KvRow>('SELECT key, rev, value FROM kv WHERE key >= ? AND key < ? ORDER BY key LIMIT ?'),
      count: this.db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM kv WHERE key >= ? AND key < ?'),
      upsert: this.db.prepare('INSERT INTO kv(key, rev, value) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET rev = excluded.rev, value = excluded.value'),
      remove: this.db.prepare('DELETE FROM kv WHERE key = ?'),
      log: this.db.prepare('INSERT INTO log(rev, key, type, value, prev_rev) VALUES (?, ?, ?, ?, ?)'),
      logSince: this.db.prepare<[number, string, string], LogRow>('SELECT rev, key, type, value, prev_rev FROM log WHERE rev > ? AND key >= ? AND key < ? ORDER BY rev'),
      logAt: this.db.prepare<[number], { value: string }>('SELECT value FROM log WHERE rev = ?'),
      maxRev: this.db.prepare<[], { r: number | null }>('SELECT max(rev) AS r FROM log'),
      getMeta: this.db.prepare<[string], { v: number }>('SELECT v FROM meta WHERE k = ?'),
      setMeta: this.db.prepare('INSERT INTO meta(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v'),
      compact: this.db.prepare('DELETE FROM log WHERE rev <= ?'),
    };
    this.compacted = this.stmt.getMeta.get('compacted')?.v ?? 0;
    this.rev = Math.max(this.stmt.maxRev.get()?.r ?? 0, this.compacted, this.stmt.getMeta.get('revision')?.v ?? 0);
    this.committed = this.rev;
  }

  /** Run fn once the writes made so far are committed (at once when none are pending). */
  afterCommit(fn: () => void): void {
    if (this.batch) this.batch.afterCommit.push(fn);
    else fn();
  }

  private openBatch(): WriteBatch {
    if (!this.batch) {
      this.db.exec('BEGIN IMMEDIATE');
      this.batch = new WriteBatch();
      setImmediate(() => this.commit());
    }
    return this.batch;
  }

  /** Commit the open batch, then publish its events and release what waited for it. */
  commit(): void {
    const batch = this.batch;
    if (!batch) return;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      // The disk refused the commit: the in-memory revision no longer matches the file. Stop here;
      // a restart recovers the last committed state (nothing uncommitted was ever acknowledged).
      process.stderr.write(`ordinal store: commit failed, exiting: ${String(err)}\n`);
      process.exit(70);
    }
    this.batch = undefined;
    this.committed = this.rev;
    for (const ev of batch.events) this.broadcaster.publish(ev);
    for (const fn of batch.afterCommit) fn();
  }

  currentRevision(): number {
    return this.rev;
  }

  compactedRevision(): number {
    return this.compacted;
  }

  get(key: string): StoredObject | undefined {
    const row = this.stmt.get.get(key);
    return row ? { key: row.key, rev: row.rev, value: JSON.parse(row.value) as KubeObject } : undefined;
  }

  list(prefix: string, options: ListOptions = {}): ListResult {
    const from = options.after !== undefined && options.after >= prefix ? options.after + '\u0000' : prefix;
    const limit = options.limit && options.limit > 0 ? options.limit : -1;
    const rows = this.stmt.list.all(from, keyUpperBound(prefix), limit > 0 ? limit + 1 : -1);
    const more = limit > 0 && rows.length > limit;
    const items = (more ? rows.slice(0, limit) : rows).map((r) => ({ key: r.key, rev: r.rev, value: JSON.parse(r.value) as KubeObject }));
    return { items, revision: this.rev, more };
  }

  count(prefix: string): number {
    return this.stmt.count.get(prefix, keyUpperBound(prefix))?.n ?? 0;
  }

  create(key: string, value: KubeObject): StoredObject {
    if (this.stmt.get.get(key)) throw new OrdinalError(storeErrorCodes.exists, `key ${key} already exists`);
    return this.write(key, 'ADDED', value, undefined);
  }

  update(key: string, value: KubeObject, expectedRev?: number): StoredObject {
    const current = this.stmt.get.get(key);
    if (!current) throw new OrdinalError(storeErrorCodes.notFound, `key ${key} not found`);
    if (expectedRev !== undefined && current.rev !== expectedRev) {
      throw new OrdinalError(storeErrorCodes.conflict, `key ${key} is at revision ${current.rev}, not ${expectedRev}`);
    }
    return this.write(key, 'MODIFIED', value, current);
  }

  delete(key: string, expectedRev?: number): StoredObject {
    const current = this.stmt.get.get(key);
    if (!current) throw new OrdinalError(storeErrorCodes.notFound, `key ${key} not found`);
    if (expectedRev !== undefined && current.rev !== expectedRev) {
      throw new OrdinalError(storeErrorCodes.conflict, `key ${key} is at revision ${current.rev}, not ${expectedRev}`);
    }
    return this.write(key, 'DELETED', JSON.parse(current.value) as KubeObject, current);
  }

  private write(key: string, type: StoreEvent['type'], value: KubeObject, prev: KvRow | undefined): StoredObject {
    const rev = this.rev + 1;
    const json = stamp(value, rev);
    const batch = this.openBatch();
    this.stmt.log.run(rev, key, eventTypeCodes[type], json, prev?.rev ?? null);
    if (type === 'DELETED') this.stmt.remove.run(key);
    else this.stmt.upsert.run(key, rev, json);
    this.rev = rev;
    batch.events.push({ type, key, rev, json, prevJson: prev?.value });
    return { key, rev, value };
  }

  watch(prefix: string, fromRev: number, listener: (event: StoreEvent) => void): Unsubscribe {
    if (fromRev < this.compacted) {
      throw new OrdinalError(storeErrorCodes.compacted, `too old resource version: ${fromRev} (${this.compacted})`);
    }
    // Replay what is committed, then subscribe in the same synchronous turn; writes still in the open
    // batch are published at its commit, and nothing at or below the replayed revision twice.
    if (fromRev < this.committed) {
      for (const row of this.stmt.logSince.iterate(fromRev, prefix, keyUpperBound(prefix))) {
        if (row.rev > this.committed) break;
        const prevJson = row.prev_rev !== null ? this.stmt.logAt.get(row.prev_rev)?.value : undefined;
        listener({ type: eventTypeNames[row.type] ?? 'MODIFIED', key: row.key, rev: row.rev, json: row.value, prevJson });
      }
    }
    return this.broadcaster.subscribe(prefix, Math.max(fromRev, this.committed), listener);
  }

  compact(rev: number): void {
    const target = Math.min(rev, this.rev - 1);
    if (target <= this.compacted) return;
    this.openBatch();
    this.stmt.compact.run(target);
    this.stmt.setMeta.run('compacted', target);
    this.stmt.setMeta.run('revision', this.rev);
    this.compacted = target;
  }

  close(): void {
    this.commit();
    this.db.close();
  }
}
