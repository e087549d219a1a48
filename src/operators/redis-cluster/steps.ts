/**
 * The engine side of each action: one idempotent function per verb, each checking Redis before it
 * acts. 'wait' means "not yet" (a precondition in the engine is not met); errors are thrown.
 */
import type { PlannedAction } from '../framework/types.js';
import { isMaster, isMyself, parseClusterNodes } from './cluster-nodes.js';
import { command, withRedis } from '../redis/index.js';
import { REDIS_PORT } from './types.js';

export type StepOutcome = 'done' | 'wait';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function myselfLine(ip: string, password: string | undefined) {
  return withRedis({ host: ip, password }, async (r) => parseClusterNodes(await command(r, 'CLUSTER', 'NODES')).find(isMyself));
}

export async function addSlots(a: PlannedAction, password: string | undefined): Promise<StepOutcome> {
  const ip = str(a['ip']);
  const slots = a['slots'] as [number, number] | undefined;
  if (!ip || !slots) return 'wait';
  return withRedis<StepOutcome>({ host: ip, password }, async (r) => {
    const me = parseClusterNodes(await command(r, 'CLUSTER', 'NODES')).find(isMyself);
    const owned = (me?.slots ?? []).some(([lo, hi]) => lo <= slots[0] && hi >= slots[1]);
    if (!owned) await command(r, 'CLUSTER', 'ADDSLOTSRANGE', slots[0], slots[1]);
    return 'done';
  });
}

export async function setEpoch(a: PlannedAction, password: string | undefined): Promise<StepOutcome> {
  const ip = str(a['ip']);
  if (!ip) return 'wait';
  return withRedis<StepOutcome>({ host: ip, password }, async (r) => {
    try {
      await command(r, 'CLUSTER', 'SET-CONFIG-EPOCH', Number(a['epoch']));
    } catch (err) {
      // already set (a resumed step), or the node met others: Redis resolves epoch collisions itself
      if (!/already|knows other nodes/i.test((err as Error).message)) throw err;
    }
    return 'done';
  });
}

/** CLUSTER MEET of each target (one connection); harmless for a node already known. */
export async function meet(ip: string | undefined, targetIps: string | Array<string | undefined> | undefined, password: string | undefined): Promise<StepOutcome> {
  const targets = typeof targetIps === 'string' ? [targetIps] : targetIps ?? [];
  if (!ip || targets.length === 0 || targets.some((t) => !t)) return 'wait';
  await withRedis({ host: ip, password }, async (r) => {
    for (const t of targets) await command(r, 'CLUSTER', 'MEET', t!, REDIS_PORT);
  });
  return 'done';
}

/** Every node knows `expected` nodes, none of them in handshake. */
export async function waitKnown(a: PlannedAction, password: string | undefined, withinMs = 5000): Promise<StepOutcome> {
  const ips = (a['ips'] as Array<string | null | undefined>) ?? [];
  const expected = Number(a['expected']);
  if (ips.some((ip) => !ip)) return 'wait';
  const known = async (ip: string): Promise<boolean> => {
    const nodes = await withRedis({ host: ip, password }, async (r) => parseClusterNodes(await command(r, 'CLUSTER', 'NODES')));
    return nodes.length >= expected && !nodes.some((n) => n.flags.includes('handshake') || n.flags.includes('noaddr'));
  };
  // gossip spreads in about a second: look again every 100 ms rather than a reconcile later
  const deadline = Date.now() + withinMs;
  for (;;) {
    if ((await Promise.all((ips as string[]).map(known))).every(Boolean)) return 'done';
    if (Date.now() > deadline) return 'wait';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * CLUSTER REPLICATE, then a CLUSTER MEET of the master (when its address is given): the MEET carries
 * the replica's new role to the master at once, where gossip takes 1-3 s at cluster-node-timeout
 * 5000 (measured) - and a master that does not list its replica cannot hand over to it.
 */
export async function replicate(ip: string | undefined, masterId: string | undefined, password: string | undefined, masterIp?: string): Promise<StepOutcome> {
  if (!ip || !masterId) return 'wait';
  const me = await myselfLine(ip, password);
  if (me?.masterId === masterId) return 'done';
  try {
    await withRedis({ host: ip, password }, async (r) => {
      await command(r, 'CLUSTER', 'REPLICATE', masterId);
      if (masterIp) await command(r, 'CLUSTER', 'MEET', masterIp, REDIS_PORT);
    });
  } catch (err) {
    if (/unknown node/i.test((err as Error).message)) return 'wait'; // gossip has not told it yet
    throw err;
  }
  return 'done';
}

export async function forget(targets: Array<{ ip: string }>, id: string, password: string | undefined): Promise<StepOutcome> {
  for (const t of targets) {
    try {
      await withRedis({ host: t.ip, password }, (r) => command(r, 'CLUSTER', 'FORGET', id));
    } catch (err) {
      if (!/unknown node/i.test((err as Error).message)) throw err;
    }
  }
  return 'done';
}

/** A kept replica of a removed master: done when it already follows a kept master, else REPLICATE. */
export async function repoint(a: PlannedAction, password: string | undefined): Promise<StepOutcome> {
  const ip = str(a['ip']);
  if (!ip) return 'wait';
  const kept = new Set(((a['keptMasterIds'] as unknown[] | undefined) ?? []).map(String));
  const me = await myselfLine(ip, password);
  if (me?.masterId && kept.has(me.masterId)) return 'done';
  return replicate(ip, str(a['masterId']), password, str(a['masterIp']));
}

/**
 * CLUSTER FAILOVER on a replica (a manual failover: its master pauses clients until the replica has
 * every write, then the replica takes the slots). Done once the replica says it is master; 'wait'
 * when that takes longer than `timeoutMs` (Redis gives a manual failover 5 s, so a later retry never
 * overlaps a running one).
 */
export async function clusterFailover(ip: string, password: string | undefined, timeoutMs = 8000): Promise<StepOutcome> {
  return withRedis<StepOutcome>({ host: ip, password }, async (r) => {
    const self = async (): Promise<boolean> => {
      const line = parseClusterNodes(await command(r, 'CLUSTER', 'NODES')).find(isMyself);
      return !!line && isMaster(line);
    };
    if (await self()) return 'done';
    await command(r, 'CLUSTER', 'FAILOVER');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (await self()) return 'done';
    }
    return 'wait';
  });
}
