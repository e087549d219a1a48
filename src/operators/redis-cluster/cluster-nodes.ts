/**
 * Parsers for what Redis answers: CLUSTER NODES, CLUSTER INFO and INFO sections; and slot-range
 * helpers. Pure.
 */
import { TOTAL_SLOTS } from './types.js';

export interface ClusterNodeLine {
  id: string;
  ip: string;
  port: number;
  busPort: number;
  hostname?: string;
  flags: string[];
  /** The master's id for a replica; undefined for a master. */
  masterId?: string;
  configEpoch: number;
  linkState: string;
  /** Inclusive ranges owned (migrating/importing markers left out). */
  slots: Array<[number, number]>;
}

/** One line of CLUSTER NODES: `<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slot>...` */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const out: ClusterNodeLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const f = line.split(' ');
    const [id, addr = '', flags = '', master = '-', , , epoch = '0', link = ''] = f;
    if (!id) continue;
    const [hostPort = '', hostname] = addr.split(',');
    const [ipPort = '', bus = '0'] = hostPort.split('@');
    const colon = ipPort.lastIndexOf(':');
    const slots: Array<[number, number]> = [];
    for (const s of f.slice(8)) {
      if (s.startsWith('[')) continue;
      const [a, b] = s.split('-');
      const lo = Number(a);
      const hi = b === undefined ? lo : Number(b);
      if (Number.isInteger(lo) && Number.isInteger(hi)) slots.push([lo, hi]);
    }
    out.push({
      id,
      ip: colon >= 0 ? ipPort.slice(0, colon) : ipPort,
      port: Number(colon >= 0 ? ipPort.slice(colon + 1) : 0),
      busPort: Number(bus.split(',')[0]),
      ...(hostname ? { hostname } : {}),
      flags: flags.split(','),
      ...(master !== '-' ? { masterId: master } : {}),
      configEpoch: Number(epoch),
      linkState: link,
      slots,
    });
  }
  return out;
}

/** `key:value` lines (CLUSTER INFO, INFO <section>), comments and blanks skipped. */
export { parseInfo } from '../redis/info.js';

export const isMaster = (n: ClusterNodeLine): boolean => n.flags.includes('master');
export const isMyself = (n: ClusterNodeLine): boolean => n.flags.includes('myself');
export const isFailed = (n: ClusterNodeLine): boolean => n.flags.includes('fail') || n.flags.includes('fail?');

export function slotCount(ranges: Array<[number, number]>): number {
  return ranges.reduce((sum, [a, b]) => sum + (b - a + 1), 0);
}

export function formatRanges(ranges: Array<[number, number]>): string[] {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
}

/** Contiguous ranges for `masters` masters, as redis-cli --cluster create splits them. */
export function splitSlots(masters: number): Array<[number, number]> {
  const per = TOTAL_SLOTS / masters;
  const out: Array<[number, number]> = [];
  let first = 0;
  let cursor = 0;
  for (let i = 0; i < masters; i++) {
    let last = Math.round(cursor + per - 1);
    if (last > TOTAL_SLOTS - 1 || i === masters - 1) last = TOTAL_SLOTS - 1;
    out.push([first, last]);
    first = last + 1;
    cursor += per;
  }
  return out;
}
