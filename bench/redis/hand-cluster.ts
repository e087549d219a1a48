// The baseline: six redis-server on 127.0.0.1 made a 3x1 cluster with `redis-cli --cluster create`,
// and its failover trial (kill -9 of a master; the process stays dead until the slots are served
// again, then it is restarted and rejoins as a replica).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ask, clusterWhole, key, rolesOf, sleep, tagOwnedBy, until, untilRecovered, untilWritable, type Endpoint, type ServedBy } from './probe.js';
import { fmt, type Trial } from './report.js';
import { countLost, startWriter, type WriterResult } from './writer.js';

export const HAND_PASSWORD = 'bench-redis-password';

export interface HandMade { dir: string; nodes: Endpoint[]; procs: Map<string, ChildProcess>; extraConf: string[] }

/** A port p with p and p+10000 (the cluster bus) free. */
async function freeClusterPort(): Promise<number> {
  const tryListen = (port: number): Promise<boolean> => new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if ((await tryListen(port)) && (await tryListen(port + 10000))) return port;
  }
}

function startRedis(c: HandMade, port: number): ChildProcess {
  const conf = join(c.dir, `${port}.conf`);
  writeFileSync(conf, [
    `port ${port}`, 'bind 127.0.0.1', `dir ${c.dir}`, 'cluster-enabled yes', `cluster-config-file nodes-${port}.conf`,
    'cluster-node-timeout 5000', 'appendonly yes', `appendfilename appendonly-${port}.aof`, `appenddirname aof-${port}`,
    `dbfilename dump-${port}.rdb`, 'repl-diskless-sync-delay 0', `requirepass ${HAND_PASSWORD}`, `masterauth ${HAND_PASSWORD}`,
    ...c.extraConf,
  ].join('\n') + '\n');
  return spawn('redis-server', [conf], { stdio: 'ignore' });
}

/** Six servers and `redis-cli --cluster create`; timed from the first spawn to whole (ok, linked). */
export async function bringUpHandMade(extraConf: string[] = []): Promise<{ ms: number; cluster: HandMade }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const ports: number[] = [];
  while (ports.length < 6) {
    const p = await freeClusterPort();
    if (!ports.some((q) => Math.abs(q - p) < 2 || Math.abs(q + 10000 - p) < 2 || Math.abs(q - 10000 - p) < 2)) ports.push(p);
  }
  const c: HandMade = { dir, nodes: ports.map((port) => ({ host: '127.0.0.1', port })), procs: new Map(), extraConf };
  const t0 = performance.now();
  for (const n of c.nodes) c.procs.set(key(n), startRedis(c, n.port));
  await until('six redis-server answering', async () => (await Promise.all(c.nodes.map((n) => ask(n, HAND_PASSWORD, (r) => r.ping())))).every((x) => x === 'PONG'), 10_000, 5);
  const create = spawnSync('redis-cli', ['-a', HAND_PASSWORD, '--no-auth-warning', '--cluster', 'create', ...c.nodes.map(key), '--cluster-replicas', '1', '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
  if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout} ${create.stderr}`);
  await until('the hand-made cluster ok with every replica linked', () => clusterWhole(c.nodes, HAND_PASSWORD), 60_000, 20);
  return { ms: performance.now() - t0, cluster: c };
}

/**
 * kill -9 of the trial's master (masters in turn); with a writer when `withWriter`. With
 * `until: 'promoted'` (min-replicas-to-write) the end point is the replica's promotion, and the
 * note says how long after the restart of the dead node the slots took a write again.
 */
export async function failoverHandMade(c: HandMade, trial: number, withWriter: boolean, until_: 'write' | 'promoted' = 'write'): Promise<Trial> {
  const roles = await rolesOf(c.nodes, HAND_PASSWORD);
  const masters = roles.filter((r) => r.master && r.slots.length > 0).sort((a, b) => a.addr.localeCompare(b.addr));
  const m = masters[trial % masters.length]!;
  const r = roles.find((x) => x.masterId === m.id);
  if (!r) throw new Error(`the master ${m.addr} has no replica`);
  const toEp = (addr: string): Endpoint => ({ host: addr.split(':')[0]!, port: Number(addr.split(':')[1]) });
  const master = toEp(m.addr);
  const tag = await tagOwnedBy(master, HAND_PASSWORD);
  const live = c.nodes.filter((n) => key(n) !== key(master));
  const writer = withWriter ? await startWriter(c.nodes, HAND_PASSWORD, `{${tag}}:h${trial}`) : undefined;
  let w: WriterResult | undefined;
  let ms: number;
  let how: ServedBy;
  let note: string | undefined;
  try {
    if (writer) await sleep(1000);
    const t0 = performance.now();
    c.procs.get(key(master))!.kill('SIGKILL');
    how = await untilRecovered(`{${tag}}:probe`, toEp(r.addr), live, HAND_PASSWORD, until_);
    ms = performance.now() - t0;
    if (until_ === 'promoted') {
      await sleep(500);
      c.procs.set(key(master), startRedis(c, master.port));
      note = `promoted; writes refused until the dead node is back: a write ${fmt(await untilWritable(`{${tag}}:probe`, c.nodes, HAND_PASSWORD))} after its restart`;
    }
    if (writer) await sleep(500);
  } finally {
    w = await writer?.stop();
  }
  // back as a replica, the cluster whole again
  if (until_ === 'write') c.procs.set(key(master), startRedis(c, master.port));
  await until('the killed node back and linked', () => clusterWhole(c.nodes, HAND_PASSWORD), 60_000, 100);
  const out: Trial = { ms, how, ...(note ? { note } : {}) };
  if (w) out.loss = { lost: await countLost(c.nodes, HAND_PASSWORD, w.acked), acked: w.acked.length, errors: w.errors, maxGapMs: w.maxGapMs };
  return out;
}

export async function stopHandMade(c: HandMade): Promise<void> {
  for (const p of c.procs.values()) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await sleep(200);
  rmSync(c.dir, { recursive: true, force: true });
}
