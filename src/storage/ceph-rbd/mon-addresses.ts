/**
 * Monitor addresses between Ceph's `mon host` syntax and the plain `ip:port` form clients, the
 * seeds' StorageClasses and ceph-csi's cluster map use. Pure.
 *
 * Ceph reads a bare `ip:port` by its port: 6789 is msgr v1, 3300 is msgr v2, any other port is
 * tried as v2 first and then as v1 - which works, but against a v1 port every client logs
 * "_handle_peer_banner peer v2:... is using msgr V1 protocol" on stderr (seen with 16.2.15). So the
 * client form of `[v2:H:P2,v1:H:P1]` is `H:6789` when P1 is 6789 (the seeds' style), else `H:P2`;
 * a v1-only address on another port keeps its `v1:` prefix.
 */

/** The entries of a `mon host` value: `[v2:..,v1:..]` vectors, `v1:`/`v2:` addresses, bare `ip[:port]` or names. */
export function splitMonHost(monHost: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of monHost) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || ch === ' ' || ch === ';' || ch === '\t')) {
      if (cur.trim() !== '') out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/** `v2:1.2.3.4:3300` -> { type: 'v2', addr: '1.2.3.4:3300', port: 3300 }. */
function typed(item: string): { type: 'v1' | 'v2' | 'any'; addr: string; port: number | undefined } {
  const m = /^(v1|v2|any):(.*)$/.exec(item);
  const addr = m ? m[2]! : item;
  const port = /:(\d+)$/.exec(addr);
  return { type: m ? (m[1] as 'v1' | 'v2' | 'any') : 'any', addr, port: port ? Number(port[1]) : undefined };
}

/** The client form of one `mon host` entry (see the header). */
export function clientMonitor(entry: string): string {
  const isVector = entry.startsWith('[') && entry.endsWith(']') && /^\[(v1|v2|any):/.test(entry);
  const items = (isVector ? splitVector(entry.slice(1, -1)) : [entry]).map(typed);
  const v1 = items.find((i) => i.type === 'v1');
  const v2 = items.find((i) => i.type === 'v2');
  if (v1 && v1.port === 6789) return v1.addr;
  if (v2) return v2.addr;
  if (v1) return v1.port === undefined ? v1.addr : `v1:${v1.addr}`;
  return items[0]?.addr ?? entry;
}

/** All monitors of a `mon host` value in client form. */
export function clientMonitors(monHost: string): string[] {
  return splitMonHost(monHost).map(clientMonitor);
}

/** Items of an address vector's inside (`v2:[::1]:3300,v1:[::1]:6789` has brackets of IPv6 in it). */
function splitVector(inside: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of inside) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}
