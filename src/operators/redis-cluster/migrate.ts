/**
 * The engine side of scaling: move a range of slots with their keys (slot by slot, each checked
 * first, so a resumed step redoes nothing that is done), and reset a node that leaves the cluster.
 * Procedure (engines.md "move a slot"): target SETSLOT IMPORTING, source SETSLOT MIGRATING,
 * GETKEYSINSLOT + MIGRATE (with AUTH) until empty, then SETSLOT NODE on target, source, other masters.
 * Slots go in batches (each command pipelined over the batch), keys slot by slot.
 */
import type { Redis } from 'ioredis';
import type { PlannedAction } from '../framework/types.js';
import { isMyself, parseClusterNodes } from './cluster-nodes.js';
import { failpoint } from '../../lib/failpoint.js';
import { command, connectRedis, withRedis } from '../redis/index.js';
import type { StepOutcome } from './steps.js';
import { REDIS_PORT } from './types.js';

const KEYS_PER_BATCH = 100;
const MIGRATE_TIMEOUT_MS = 10_000;
const SLOTS_PER_BATCH = 128;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function ownedSlots(r: Redis): Promise<Set<number>> {
  const me = parseClusterNodes(await command(r, 'CLUSTER', 'NODES')).find(isMyself);
  const out = new Set<number>();
  for (const [a, b] of me?.slots ?? []) for (let s = a; s <= b; s++) out.add(s);
  return out;
}

/** Sends the commands in one pipeline; throws the first error. */
async function pipelined(r: Redis, commands: Array<Array<string | number>>): Promise<unknown[]> {
  if (commands.length === 0) return [];
  const p = r.pipeline();
  for (const [name, ...args] of commands) p.call(String(name), ...args.map(String));
  const replies = (await p.exec()) ?? [];
  for (const [err] of replies) if (err) throw err;
  return replies.map(([, reply]) => reply);
}

async function moveKeys(source: Redis, slot: number, targetIp: string, password: string | undefined): Promise<number> {
  let moved = 0;
  for (;;) {
    const keys = (await source.call('CLUSTER', 'GETKEYSINSLOT', String(slot), String(KEYS_PER_BATCH))) as string[];
    if (keys.length === 0) return moved;
    const auth = password !== undefined ? ['AUTH', password] : [];
    await source.call('MIGRATE', targetIp, String(REDIS_PORT), '', '0', String(MIGRATE_TIMEOUT_MS), 'REPLACE', ...auth, 'KEYS', ...keys);
    moved += keys.length;
  }
}

/**
 * RunStep `migrate:<from>-><to>:<lo>-<hi>`: fields sourceIp, sourceId, targetIp, targetId, range,
 * otherMasterIps. 'wait' when an address or id is not known yet.
 */
export async function migrateRange(a: PlannedAction, password: string | undefined): Promise<StepOutcome> {
  const sourceIp = str(a['sourceIp']);
  const targetIp = str(a['targetIp']);
  const sourceId = str(a['sourceId']);
  const targetId = str(a['targetId']);
  const range = a['range'] as [number, number] | undefined;
  if (!sourceIp || !targetIp || !sourceId || !targetId || !range) return 'wait';
  const others = ((a['otherMasterIps'] as unknown[] | undefined) ?? []).map(str).filter((x): x is string => x !== undefined);
  const source = await connectRedis({ host: sourceIp, password });
  const opened: Redis[] = [source];
  try {
    const target = await connectRedis({ host: targetIp, password });
    opened.push(target);
    const peers: Redis[] = [];
    for (const ip of others) {
      // best effort: gossip tells a master that does not answer now
      const r = await connectRedis({ host: ip, password }).catch(() => undefined);
      if (r) {
        opened.push(r);
        peers.push(r);
      }
    }
    const targetHas = await ownedSlots(target);
    const sourceHas = await ownedSlots(source);
    for (let lo = range[0]; lo <= range[1]; lo += SLOTS_PER_BATCH) {
      const batch = Array.from({ length: Math.min(SLOTS_PER_BATCH, range[1] - lo + 1) }, (_, i) => lo + i);
      const moving = batch.filter((slot) => !targetHas.has(slot));
      const lost = moving.filter((slot) => !sourceHas.has(slot));
      if (lost.length > 0) throw new Error(`slot ${lost[0]} is owned by neither ${a['from'] as string} nor ${a['to'] as string}: not moving it`);
      // pipelined: Redis saves nodes.conf (with fsync) once per event-loop turn, not once per slot
      await pipelined(target, moving.map((slot) => ['CLUSTER', 'SETSLOT', slot, 'IMPORTING', sourceId]));
      await pipelined(source, moving.map((slot) => ['CLUSTER', 'SETSLOT', slot, 'MIGRATING', targetId]));
      failpoint(`rdc:migrate:${String(a['step'])}:open`); // slots IMPORTING/MIGRATING, keys not moved yet
      // once MIGRATING, a new key of the slot goes to the target (ASK): a slot empty now stays empty here
      const counts = await pipelined(source, moving.map((slot) => ['CLUSTER', 'COUNTKEYSINSLOT', slot]));
      for (const [i, slot] of moving.entries()) if (Number(counts[i]) > 0) await moveKeys(source, slot, targetIp, password);
      const node = batch.map((slot) => ['CLUSTER', 'SETSLOT', slot, 'NODE', targetId]);
      await pipelined(target, node);
      await pipelined(source, node).catch((err: Error) => {
        // the source gave its last slot away: it learnt that from the target and became its replica
        // (cluster-allow-replica-migration); a replica takes its slot table from its master
        if (!/only with masters/i.test(err.message)) throw err;
      });
      for (const p of peers) await pipelined(p, node).catch(() => undefined);
    }
    return 'done';
  } finally {
    for (const r of opened) r.disconnect();
  }
}

/**
 * RunStep `reset:<pod>`: a node leaving the cluster forgets every peer (CLUSTER RESET SOFT keeps its
 * id). Refused while it still owns slots; a master without slots is flushed first (its keys were
 * migrated). Done when it knows only itself.
 */
export async function resetNode(ip: string | undefined, password: string | undefined): Promise<StepOutcome> {
  if (!ip) return 'wait';
  return withRedis<StepOutcome>({ host: ip, password }, async (r) => {
    const nodes = parseClusterNodes(await command(r, 'CLUSTER', 'NODES'));
    const me = nodes.find(isMyself);
    if (nodes.length <= 1) return 'done';
    if (me && me.slots.length > 0) throw new Error(`node still owns slots ${me.slots.map((x) => x.join('-')).join(',')}: not resetting it`);
    if (me && !me.masterId && Number(await r.dbsize()) > 0) await r.call('FLUSHALL');
    await r.call('CLUSTER', 'RESET', 'SOFT');
    return 'done';
  });
}
