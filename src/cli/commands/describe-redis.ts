/**
 * The `Topology:` section `ordinal describe` adds for RedisCluster and RedisReplication: one row per
 * Redis pod with its Kubernetes node, role, master, slots, replication link and lag. Pure: it reads
 * only the object's status (what the operator last observed), never the engine. Lag is the
 * replication offset difference to the master (bytes) when status carries offsets, else `-`.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../client/index.js';
import { alignRows, describeStyle } from '../print/align.js';

const GROUP = 'ordinal.dev/';

interface Row {
  node?: string;
  pod: string;
  role?: string;
  master?: string;
  slots?: string;
  link?: string;
  offset?: number;
  masterOffset?: number;
}

const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: JsonValue | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
const objects = (v: JsonValue | undefined): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

/** Slot ranges as stored (`0-5460`, `5461`) -> `0-5460 (5461)`; the count in parentheses. */
export function formatSlots(ranges: string[]): string {
  if (ranges.length === 0) return '-';
  let count = 0;
  for (const r of ranges) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(r);
    if (m) count += (m[2] !== undefined ? Number(m[2]) : Number(m[1])) - Number(m[1]) + 1;
  }
  return `${ranges.join(',')} (${count})`;
}

/** Bytes behind the master, `-` when unknown; 0 for a master. */
export function formatLag(row: Pick<Row, 'role' | 'offset' | 'masterOffset'>): string {
  if (row.role === 'master') return '0';
  if (row.offset === undefined || row.masterOffset === undefined) return '-';
  return String(Math.max(0, row.masterOffset - row.offset));
}

/** The offset a node reports, whichever name its operator's status uses. */
const offsetOf = (n: JsonObject): number | undefined => num(n['offset']) ?? num(n['replOffset']);

function clusterRows(status: JsonObject): Row[] {
  const nodes = objects(status['nodes']);
  const byId = new Map(nodes.filter((n) => str(n['id'])).map((n) => [str(n['id'])!, n]));
  return nodes.map((n) => {
    const masterNode = str(n['masterId']) ? byId.get(str(n['masterId'])!) : undefined;
    const master = str(n['masterPod']) ?? (masterNode ? str(masterNode['pod']) : undefined);
    const masterOffset = masterNode ? offsetOf(masterNode) : undefined;
    const offset = offsetOf(n);
    const slots = Array.isArray(n['slots']) ? n['slots'].map(String) : [];
    const role = str(n['role']);
    return {
      pod: str(n['pod']) ?? '?',
      ...(str(n['nodeName']) ? { node: str(n['nodeName'])! } : {}),
      ...(role ? { role } : {}),
      ...(master ? { master } : {}),
      slots: role === 'master' || slots.length > 0 ? formatSlots(slots) : '-',
      ...(str(n['linkStatus']) ? { link: str(n['linkStatus'])! } : str(n['error']) ? { link: 'error' } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(masterOffset !== undefined ? { masterOffset } : {}),
    };
  });
}

function replicationRows(status: JsonObject): Row[] {
  const pods = objects(status['replicas']);
  const masterPod = str(status['master']);
  const masterEntry = pods.find((p) => str(p['pod']) === masterPod);
  const masterOffset = masterEntry ? offsetOf(masterEntry) : undefined;
  return pods.map((p) => {
    const pod = str(p['pod']) ?? '?';
    const role = str(p['role']);
    const offset = offsetOf(p);
    return {
      pod,
      ...(str(p['nodeName']) ? { node: str(p['nodeName'])! } : {}),
      ...(role ? { role } : {}),
      ...(role === 'replica' && masterPod ? { master: masterPod } : {}),
      ...(str(p['linkStatus']) ? { link: str(p['linkStatus'])! } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(masterOffset !== undefined ? { masterOffset } : {}),
    };
  });
}

function sentinelLines(status: JsonObject): string {
  const sentinels = objects(status['sentinels']);
  if (sentinels.length === 0) return '';
  const rows = [['SENTINEL', 'REACHABLE', 'MASTER'], ...sentinels.map((s) => [str(s['pod']) ?? '?', s['reachable'] === true ? 'yes' : 'no', str(s['master']) ?? '-'])];
  return 'Sentinels:\n' + alignRows(rows, describeStyle, '  ');
}

/** Is this one of the Redis kinds the topology section knows? */
export function isRedisKind(obj: JsonObject): boolean {
  const api = str(obj['apiVersion']) ?? '';
  return api.startsWith(GROUP) && (obj['kind'] === 'RedisCluster' || obj['kind'] === 'RedisReplication');
}

/** The `Topology:` section (and `Sentinels:` for RedisReplication), or '' for other objects. */
export function redisTopologySection(obj: JsonObject): string {
  if (!isRedisKind(obj)) return '';
  const status = isJsonObject(obj['status']) ? obj['status'] : {};
  const cluster = obj['kind'] === 'RedisCluster';
  const rows = cluster ? clusterRows(status) : replicationRows(status);
  const head: string[] = [];
  if (cluster) {
    const state = str(status['clusterState']);
    const assigned = num(status['slotsAssigned']);
    if (state || assigned !== undefined) head.push(`  Cluster state: ${state ?? '?'}, slots assigned: ${assigned ?? '?'}/16384\n`);
  } else if (str(status['master'])) {
    head.push(`  Master: ${str(status['master'])!}\n`);
  }
  const table = rows.length === 0
    ? '  <no Redis pod observed yet>\n'
    : alignRows([
      ['NODE', 'POD', 'ROLE', 'MASTER', ...(cluster ? ['SLOTS'] : []), 'LINK', 'LAG'],
      ...rows.map((r) => [r.node ?? '-', r.pod, r.role ?? '-', r.master ?? '-', ...(cluster ? [r.slots ?? '-'] : []), r.link ?? '-', formatLag(r)]),
    ], describeStyle, '  ');
  return 'Topology:\n' + head.join('') + table + (cluster ? '' : sentinelLines(status));
}
