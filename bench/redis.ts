// npm run bench:redis - a 3x1 Redis Cluster brought up and failed over by ordinal's RedisCluster
// operator, next to the same done by hand (six redis-server + `redis-cli --cluster create`) on the
// same machine in the same run. cluster-node-timeout 5000 everywhere.
//
// Bring-up (BENCH_REDIS_BRINGUP_TRIALS, default 5, alternating): hand-made from the first spawn
// until every node reports cluster_state:ok and every replica master_link_status:up (create + first
// sync); ordinal from the POST of the RedisCluster until its Ready condition is True (which requires
// the same, and every master listing its replica). Compared by medians: a Redis master refuses to
// report ok until 2 s after its start, sometimes ~0.6-1 s more (seen by hand too), so one sample
// of either side says little.
//
// Failover rows (BENCH_REDIS_TRIALS, default 5, each), all ending when a key in the dead master's
// slots takes a write (a SET answered OK) and every live node answers cluster_state:ok:
//  a. hand-made: kill -9 of a master's redis-server; it stays dead (restarted between trials).
//  b. ordinal, like for like: `ordinal node stop` of the node running a master - a power cut that
//     kills every pod there (the master and one other pod, named per trial); timed from the moment
//     the master's process is seen gone (/proc polled every 5 ms); `ordinal node start` between trials.
//  c. ordinal: kill -9 of a master's process; the node agent restarts it (says who served the slots).
//     Each trial kills a container that has not crashed before (the agent's kubelet-style back-off
//     delays a second restart by 10 s); c' is one trial of that second crash.
// Acknowledged writes lost: during a and b a writer SETs unique keys into the victim's slots, and
// after the cluster is whole again the acknowledged keys that are missing are counted; once with
// the default config and once with min-replicas-to-write 1 / min-replicas-max-lag 2 (a second
// hand-made cluster, and a second RedisCluster `bench-mr` created with that spec.config;
// BENCH_REDIS_MR_TRIALS, default = BENCH_REDIS_TRIALS).
//  d. ordinal: a network partition - a master cut off from every other pod (blackhole routes in its
//     network namespace) while the writer still reaches it; healed once its replica is promoted
//     (BENCH_REDIS_PARTITION_TRIALS, default 3, on each of the two RedisClusters). This is where
//     asynchronous replication loses acknowledged writes, and what min-replicas-to-write bounds.
// Targets (issue 5): bring-up within 1.5x, failover (b vs a, medians) within 1.1x.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { bringUpHandMade, failoverHandMade, stopHandMade, type HandMade } from './redis/hand-cluster.js';
import { createRedisCluster, deleteRedisCluster, startOrdinal, type Ordinal } from './redis/ordinal-cluster.js';
import { killTrial, partitionTrial, powerCutTrial } from './redis/ordinal-trials.js';
import { failoverTable, fmt, lossTable, lossText, median, table, type Trial } from './redis/report.js';

const TRIALS = Number(process.env['BENCH_REDIS_TRIALS'] ?? 5);
const MR_TRIALS = Number(process.env['BENCH_REDIS_MR_TRIALS'] ?? TRIALS);
const BRINGUP_TRIALS = Number(process.env['BENCH_REDIS_BRINGUP_TRIALS'] ?? 5);
const MIN_REPLICAS = { 'min-replicas-to-write': '1', 'min-replicas-max-lag': '2' };
const PARTITION_TRIALS = Number(process.env['BENCH_REDIS_PARTITION_TRIALS'] ?? 3);

let hand: HandMade | undefined;
let ord: Ordinal | undefined;
async function cleanup(): Promise<void> {
  const h = hand;
  const o = ord;
  hand = undefined;
  ord = undefined;
  if (h) await stopHandMade(h);
  o?.client.close();
  await o?.server.cleanup();
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => { console.error(`${sig}: cleaning up`); void cleanup().finally(() => process.exit(130)); });
}

const T0 = performance.now();
const line = (row: string, i: number, t: Trial): string =>
  `  [+${((performance.now() - T0) / 1000).toFixed(0)}s] ${row} trial ${i + 1}: ${fmt(t.ms)} (${t.how})${t.loss ? `, lost/acked ${lossText(t.loss)}` : ''}${t.note ? `\n      ${t.note}` : ''}`;

async function main(): Promise<void> {
  const t0 = T0;
  const redisVersion = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`# bench:redis - 3x1 Redis Cluster, cluster-node-timeout 5000 ms, ${TRIALS} failover trials per row, ${MR_TRIALS} with min-replicas-to-write`);
  console.log(`# machine: nproc ${cpus().length}, load average at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}; node ${process.version}; ${redisVersion}`);

  ord = await startOrdinal();
  const o = ord;
  console.log(`bring-up, ${BRINGUP_TRIALS} trials each (alternating):`);
  const hb: number[] = [];
  const ob: number[] = [];
  let up: Awaited<ReturnType<typeof createRedisCluster>> | undefined;
  for (let i = 0; i < BRINGUP_TRIALS; i++) {
    const last = i === BRINGUP_TRIALS - 1;
    const h = await bringUpHandMade();
    hb.push(h.ms);
    if (last) hand = h.cluster;
    else await stopHandMade(h.cluster);
    const name = last ? 'bench' : `bench-up-${i}`;
    const u = await createRedisCluster(o, name);
    ob.push(u.ms);
    console.log(`  trial ${i + 1}: hand-made ${fmt(h.ms)}, ordinal ${fmt(u.ms)} (${u.phases})`);
    if (last) up = u;
    else await deleteRedisCluster(o, name);
  }
  if (!up || !hand) throw new Error('BENCH_REDIS_BRINGUP_TRIALS must be at least 1');

  const a: Trial[] = [];
  const b: Trial[] = [];
  const c: Trial[] = [];
  console.log('\nfailover, default config (rows a and b alternate):');
  for (let i = 0; i < TRIALS; i++) {
    a.push(await failoverHandMade(hand, i, true));
    console.log(line('a hand-made', i, a[i]!));
    b.push(await powerCutTrial(o, up.rc, i, true));
    console.log(line('b ordinal node stop', i, b[i]!));
  }
  const killed = new Set<string>();
  for (let i = 0; i < TRIALS; i++) {
    c.push(await killTrial(o, up.rc, i, killed, 'fresh'));
    console.log(line('c ordinal kill -9', i, c[i]!));
  }
  const c2: Trial[] = [];
  try {
    c2.push(await killTrial(o, up.rc, 0, killed, 'repeat'));
    console.log(line('c\' ordinal kill -9 of a container that crashed before', 0, c2[0]!));
  } catch (err) {
    console.log(`  c' skipped: ${(err as Error).message}`);
  }

  const d: Trial[] = [];
  for (let i = 0; i < PARTITION_TRIALS; i++) {
    d.push(await partitionTrial(o, up.rc, i));
    console.log(line('d ordinal network partition', i, d[i]!));
  }

  console.log('\nmin-replicas-to-write 1, min-replicas-max-lag 2 (end point: the replica promoted and every live node ok - a promoted master without a replica refuses writes):');
  await stopHandMade(hand);
  hand = undefined;
  const h2 = await bringUpHandMade(Object.entries(MIN_REPLICAS).map(([k, v]) => `${k} ${v}`));
  hand = h2.cluster;
  console.log(`  hand-made bring-up (min-replicas): ${fmt(h2.ms)}`);
  await deleteRedisCluster(o, 'bench');
  const up2 = await createRedisCluster(o, 'bench-mr', MIN_REPLICAS);
  console.log(`  ordinal bring-up (bench-mr, after deleting bench): ${fmt(up2.ms)} (${up2.phases})`);
  const a2: Trial[] = [];
  const b2: Trial[] = [];
  for (let i = 0; i < MR_TRIALS; i++) {
    a2.push(await failoverHandMade(hand, i, true, 'promoted'));
    console.log(line('a hand-made min-replicas', i, a2[i]!));
    b2.push(await powerCutTrial(o, up2.rc, i, true, 'promoted'));
    console.log(line('b ordinal node stop min-replicas', i, b2[i]!));
  }

  const d2: Trial[] = [];
  for (let i = 0; i < PARTITION_TRIALS; i++) {
    d2.push(await partitionTrial(o, up2.rc, i));
    console.log(line('d ordinal network partition min-replicas', i, d2[i]!));
  }

  console.log(`\n## bring-up (create + first sync, to Ready), ${BRINGUP_TRIALS} trials each, medians`);
  const [hm, om] = [median(hb), median(ob)];
  console.log(table([
    ['hand-made (min-max)', 'ordinal (min-max)', 'ratio of medians', 'target', 'met'],
    [`${fmt(hm)} (${fmt(Math.min(...hb))}-${fmt(Math.max(...hb))})`, `${fmt(om)} (${fmt(Math.min(...ob))}-${fmt(Math.max(...ob))})`, (om / hm).toFixed(2), '<= 1.5x', om <= 1.5 * hm ? 'yes' : 'NO'],
  ]));
  console.log(`ordinal, last trial: ${up.phases}; with min-replicas-to-write: hand-made ${fmt(h2.ms)}, ordinal ${fmt(up2.ms)}`);
  console.log('\n## failover: dead master -> its slots take a write and every live node reports cluster_state:ok (cluster-node-timeout 5.00 s)');
  console.log(failoverTable([
    ['a hand-made, kill -9, stays dead', a],
    ['b ordinal, node stop (power cut), stays down', b],
    ['c ordinal, kill -9, agent restarts it (first crash)', c],
    ["c' ordinal, kill -9 again (10 s crash back-off)", c2],
    ['a hand-made, min-replicas-to-write 1 (to promotion)', a2],
    ['b ordinal, node stop, min-replicas-to-write 1 (to promotion)', b2],
    ['d ordinal, master cut off from its peers (to promotion)', d],
    ['d ordinal, cut off, min-replicas-to-write 1 (to promotion)', d2],
  ]));
  const ratio = median(b.map((t) => t.ms)) / median(a.map((t) => t.ms));
  console.log(`b/a median ratio (default config): ${ratio.toFixed(2)} (target <= 1.10x: ${ratio <= 1.1 ? 'met' : 'NOT met'})`);
  console.log('(b is timed from the death of the master\'s process, like a; a power cut also kills the other pod on that node - see the per-trial notes)');
  console.log('\n## acknowledged writes lost per failover (lost/acked; writer: 4 loops of SET into the victim master\'s slots)');
  console.log(lossTable('default config', [['a hand-made', a], ['b ordinal node stop', b]]));
  console.log('');
  console.log(lossTable('min-replicas-to-write 1', [['a hand-made', a2], ['b ordinal node stop', b2]]));
  console.log('');
  console.log(lossTable('network partition', [['d default config', d], ['d min-replicas-to-write 1, max-lag 2', d2]]));
  console.log('(d: the cut-off master acknowledges writes until it counts itself in the minority - about cluster-node-timeout - or, with min-replicas-to-write, until its replica lags min-replicas-max-lag; those are lost when it rejoins as a replica)');
  console.log(`\ntotal runtime ${fmt(performance.now() - t0)}; load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exitCode = 1;
}).finally(async () => {
  await cleanup();
  setTimeout(() => process.exit(), 2000).unref(); // a stray handle must not keep a finished bench alive
});
