import type { StoreEvent } from '../types.js';

/**
 * Group commit: every write in one turn of the event loop goes into one SQLite transaction, committed
 * at setImmediate. Events are published and answers released only after that commit, so nobody ever
 * sees a write that is not durable, and N concurrent writes cost one commit instead of N.
 */
export class WriteBatch {
  readonly events: StoreEvent[] = [];
  readonly afterCommit: (() => void)[] = [];
}
