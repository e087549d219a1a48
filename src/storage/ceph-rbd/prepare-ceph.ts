/**
 * The Ceph half of `ordinal ceph prepare`: a pool initialised for RBD and a cephx user with the caps
 * RBD volumes need. Idempotent: what exists is kept (an existing user's caps are only changed when
 * asked), and every step says what it did.
 */
import { isCephCommandError } from './ceph-command-error.js';
import { missingCaps, mergedCaps, recommendedCaps, type CephCaps, type MissingCap } from './caps.js';
import type { CephRunner, CephTarget } from './types.js';

export type StepOutcome = 'created' | 'exists' | 'updated';

export interface PoolResult {
  pool: string;
  outcome: StepOutcome;
  /** `rbd pool init` ran now (the pool had no rbd application yet). */
  initialized: boolean;
}

interface PoolDetail {
  pool_name: string;
  application_metadata?: Record<string, unknown>;
}

/** `ceph osd pool create` unless the pool exists, then `rbd pool init` unless it is tagged rbd. */
export async function ensureRbdPool(runner: CephRunner, admin: CephTarget, pool: string, pgNum = 32): Promise<PoolResult> {
  const pools = await runner.cephJson<PoolDetail[]>(admin, ['osd', 'pool', 'ls', 'detail']);
  let detail = pools.find((p) => p.pool_name === pool);
  let outcome: StepOutcome = 'exists';
  if (!detail) {
    await runner.ceph(admin, ['osd', 'pool', 'create', pool, String(pgNum)]);
    outcome = 'created';
    detail = { pool_name: pool };
  }
  const initialized = !detail.application_metadata || !('rbd' in detail.application_metadata);
  if (initialized) await runner.rbd(admin, ['pool', 'init', pool]);
  return { pool, outcome, initialized };
}

export interface UserResult {
  user: string;
  outcome: StepOutcome;
  caps: CephCaps;
  /** Caps the user still lacks (only when it existed and updateCaps was not asked). */
  missing: MissingCap[];
  /** The user's key, for the Secrets; never print or log it. */
  key: string;
}

interface AuthEntry {
  entity: string;
  key: string;
  caps: CephCaps;
}

/**
 * The user `client.<user>`: created with the recommended caps when missing; when it exists its caps
 * are checked, and with updateCaps the missing grants are added (`ceph auth caps`, which replaces
 * the user's caps: so the user's own grants are kept in the new set).
 */
export async function ensureRbdUser(runner: CephRunner, admin: CephTarget, user: string, pool: string, options: { updateCaps?: boolean } = {}): Promise<UserResult> {
  const entity = `client.${user}`;
  let entry: AuthEntry | undefined;
  try {
    entry = (await runner.cephJson<AuthEntry[]>(admin, ['auth', 'get', entity]))[0];
  } catch (e) {
    if (!(isCephCommandError(e) && e.errno === 2)) throw e;
  }
  if (!entry) {
    const caps = recommendedCaps(pool);
    const made = await runner.cephJson<AuthEntry[]>(admin, ['auth', 'get-or-create', entity, 'mon', caps.mon, 'osd', caps.osd, 'mgr', caps.mgr]);
    return { user, outcome: 'created', caps, missing: [], key: made[0]?.key ?? (await getKey(runner, admin, entity)) };
  }
  const missing = missingCaps(entry.caps, pool);
  if (missing.length > 0 && options.updateCaps) {
    const caps = mergedCaps(entry.caps, pool);
    await runner.ceph(admin, ['auth', 'caps', entity, 'mon', caps.mon, 'osd', caps.osd, 'mgr', caps.mgr]);
    return { user, outcome: 'updated', caps, missing: [], key: entry.key };
  }
  return { user, outcome: 'exists', caps: entry.caps, missing, key: entry.key };
}

async function getKey(runner: CephRunner, admin: CephTarget, entity: string): Promise<string> {
  return (await runner.cephJson<{ key: string }>(admin, ['auth', 'get-key', entity])).key;
}
