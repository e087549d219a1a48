// The ordinal failover trials: (b) a power cut of the node running a master (`ordinal node stop`,
// the master stays down until `ordinal node start`) and (c) kill -9 of a master's process, which
// the node agent restarts.
import { spawnSync } from 'node:child_process';
import { podNames } from '../../src/agent/network/names.js';
import { ask, sleep, tagOwnedBy, until, untilRecovered, untilWritable, type ServedBy } from './probe.js';
import { ep, hostPidOf, nodeCli, NS, podRoles, podsOf, waitWhole, watchDeath, type Ordinal, type Pod, type PodRole, type Rc } from './ordinal-cluster.js';
import { fmt, type Trial } from './report.js';
import { countLost, startWriter, type WriterResult } from './writer.js';

const isSlotMaster = (r: PodRole): boolean => r.master && r.slots.length > 0;

/** Pods and roles once the view used agrees that every slot master has a replica (gossip settles after a handover). */
async function settled(o: Ordinal, rc: Rc): Promise<{ pods: Pod[]; roles: PodRole[] }> {
  let out: { pods: Pod[]; roles: PodRole[] } | undefined;
  await until('every master with a replica in CLUSTER NODES', async () => {
    const pods = await podsOf(o, rc.name);
    const roles = await podRoles(pods, rc.password);
    out = { pods, roles };
    const masters = roles.filter(isSlotMaster);
    return masters.length === 3 && masters.every((m) => roles.some((x) => x.masterId === m.id));
  }, 30_000, 200);
  return out!;
}

/** A master alone among masters on its node, with no replica of its own there (else no failover can follow a power cut). */
function powerCutVictims(roles: PodRole[]): PodRole[] {
  return roles.filter(isSlotMaster).filter((m) =>
    !roles.some((x) => x !== m && x.nodeName === m.nodeName && (isSlotMaster(x) || x.masterId === m.id)));
}

/**
 * When every node with a master also runs a second master (or the master's own replica), hand one
 * such master's slots to its replica on a node without a master (CLUSTER FAILOVER, no data loss).
 */
async function rebalance(o: Ordinal, rc: Rc, roles: PodRole[]): Promise<string> {
  const mastersOn = (node: string): number => roles.filter((x) => isSlotMaster(x) && x.nodeName === node).length;
  for (const m of roles.filter(isSlotMaster)) {
    const r = roles.find((x) => x.masterId === m.id && mastersOn(x.nodeName) === 0);
    if (!r || mastersOn(m.nodeName) < 2) continue;
    await ask(ep(r), rc.password, (c) => c.call('CLUSTER', 'FAILOVER'));
    await until(`${r.pod} master after CLUSTER FAILOVER`, async () => (await podRoles(await podsOf(o, rc.name), rc.password)).some((x) => x.pod === r.pod && isSlotMaster(x)), 30_000, 100);
    await waitWhole(o, rc, 'whole after the rebalancing failover', 60_000);
    return `${r.pod} took over from ${m.pod} first (CLUSTER FAILOVER: two masters shared ${m.nodeName})`;
  }
  throw new Error(`no master can lose its node alone: ${roles.map((r) => `${r.pod}@${r.nodeName}:${isSlotMaster(r) ? 'master' : 'replica'}`).join(' ')}`);
}

/**
 * Row b: `ordinal node stop` of the node running a master; timed from its process's death. With
 * `until: 'promoted'` (min-replicas-to-write) the end point is the replica's promotion, and the
 * note says how long after `node start` began the slots took a write again.
 */
export async function powerCutTrial(o: Ordinal, rc: Rc, trial: number, withWriter: boolean, until_: 'write' | 'promoted' = 'write'): Promise<Trial> {
  let { pods, roles } = await settled(o, rc);
  let rebalanced = '';
  if (powerCutVictims(roles).length === 0) {
    rebalanced = await rebalance(o, rc, roles);
    ({ pods, roles } = await settled(o, rc));
  }
  const victims = powerCutVictims(roles);
  const m = victims[trial % victims.length]!;
  const replica = roles.find((x) => x.masterId === m.id)!;
  const onNode = pods.filter((p) => p.nodeName === m.nodeName);
  const live = pods.filter((p) => p.nodeName !== m.nodeName).map(ep);
  const describe = onNode.map((p) => {
    const r = roles.find((x) => x.pod === p.pod);
    return `${p.pod} (${!r ? '?' : isSlotMaster(r) ? 'master' : `replica of ${roles.find((x) => x.id === r.masterId)?.pod ?? r.masterId}`})`;
  }).join(', ');
  const tag = await tagOwnedBy(ep(m), rc.password);
  const probe = `{${tag}}:probe`;
  const pid = hostPidOf(o.server.process.pid!, m.ip);
  const writer = withWriter ? await startWriter(pods.map(ep), rc.password, `{${tag}}:b${trial}`) : undefined;
  let w: WriterResult | undefined;
  let how: ServedBy;
  let times: { cmd: number; cmdDone: number; dead: number; rec: number };
  let writable = '';
  try {
    if (writer) await sleep(1000);
    const death = watchDeath(pid);
    const cmd = performance.now();
    let cmdDone = 0;
    const stop = nodeCli(o, 'stop', m.nodeName).then(() => { cmdDone = performance.now(); });
    let dead: number;
    try {
      await until(`the redis-server of ${m.pod} dead`, async () => death.deadAt() !== undefined, 30_000, 5);
      dead = death.deadAt()!;
    } finally {
      death.stop();
    }
    how = await untilRecovered(probe, ep(replica), live, rc.password, until_);
    const rec = performance.now();
    await stop;
    times = { cmd, cmdDone, dead, rec };
    if (until_ === 'promoted') {
      const t = performance.now();
      await nodeCli(o, 'start', m.nodeName);
      await untilWritable(probe, live, rc.password);
      writable = `; writes refused until the node is back: a write ${fmt(performance.now() - t)} after \`node start\` began`;
    }
    if (writer) await sleep(500);
  } finally {
    w = await writer?.stop();
  }
  if (until_ === 'write') await nodeCli(o, 'start', m.nodeName);
  await sleep(1000);
  await waitWhole(o, rc, `${rc.name} whole after node start`);
  const note = `${rebalanced ? `${rebalanced}; ` : ''}stopped ${m.nodeName}: ${describe}; the master's process died ${fmt(times.dead - times.cmd)} after \`node stop\` began, ` +
    `the command took ${fmt(times.cmdDone - times.cmd)}; from the command's start to recovered ${fmt(times.rec - times.cmd)}${writable}`;
  const out: Trial = { ms: times.rec - times.dead, how, note };
  if (w) out.loss = { lost: await countLost((await podsOf(o, rc.name)).map(ep), rc.password, w.acked), acked: w.acked.length, errors: w.errors, maxGapMs: w.maxGapMs };
  return out;
}

/**
 * Row c: kill -9 of a master's redis-server; the node agent restarts the container. The agent
 * applies the kubelet's crash back-off: a container's first crash restarts at once, a second one
 * within 10 min waits 10 s. `fresh`: kill a master whose container this row has not killed yet (if
 * every master was killed, first hand one's slots to a replica that was not, by CLUSTER FAILOVER).
 * `repeat`: kill a master this row killed before (the back-off case).
 */
export async function killTrial(o: Ordinal, rc: Rc, trial: number, killed: Set<string>, mode: 'fresh' | 'repeat'): Promise<Trial> {
  let { pods, roles } = await settled(o, rc);
  let handover = '';
  const masters = (): PodRole[] => roles.filter(isSlotMaster).sort((a, b) => a.pod.localeCompare(b.pod));
  let candidates = masters().filter((m) => killed.has(m.pod) === (mode === 'repeat'));
  if (candidates.length === 0 && mode === 'fresh') {
    const r = roles.find((x) => !x.master && !killed.has(x.pod) && masters().some((m) => m.id === x.masterId));
    if (!r) throw new Error('every pod of the cluster was killed once already');
    await ask(ep(r), rc.password, (c) => c.call('CLUSTER', 'FAILOVER'));
    await until(`${r.pod} master after CLUSTER FAILOVER`, async () => (await podRoles(await podsOf(o, rc.name), rc.password)).some((x) => x.pod === r.pod && isSlotMaster(x)), 30_000, 100);
    await waitWhole(o, rc, 'whole after the handover', 60_000);
    ({ pods, roles } = await settled(o, rc));
    candidates = masters().filter((m) => !killed.has(m.pod));
    handover = `${r.pod} made master first (CLUSTER FAILOVER), `;
  }
  const m = candidates[trial % Math.max(1, candidates.length)];
  if (!m) throw new Error(`no master to kill (${mode})`);
  const replica = roles.find((x) => x.masterId === m.id)!;
  const tag = await tagOwnedBy(ep(m), rc.password);
  const pid = hostPidOf(o.server.process.pid!, m.ip);
  const t0 = performance.now();
  process.kill(pid, 'SIGKILL');
  const how = await untilRecovered(`{${tag}}:probe`, ep(replica), pods.map(ep), rc.password);
  const ms = performance.now() - t0;
  const firstKill = !killed.has(m.pod);
  killed.add(m.pod);
  await sleep(2000);
  await waitWhole(o, rc, `${rc.name} whole after the kill`);
  return { ms, how, note: `${handover}killed ${m.pod} (${firstKill ? 'its first crash in this row' : 'its second crash: restart back-off'})` };
}

/** The network namespace of a pod of the embedded platform (`<network prefix>-<pod uid>`). */
async function netnsOf(o: Ordinal, pod: string): Promise<string> {
  const p = await o.client.request<{ metadata: { uid: string } }>('GET', `/api/v1/namespaces/${NS}/pods/${pod}`);
  if (!o.server.networkPrefix) throw new Error('the server runs without pod network namespaces');
  return podNames(o.server.networkPrefix, p.metadata.uid).netns;
}

/** Blackhole (or no longer) routes to `ips` inside the namespace: nothing it sends reaches them, so no TCP connection to them lives. */
function routes(netns: string, ips: string[], verb: 'add' | 'del'): void {
  for (const ip of ips) {
    const r = spawnSync('ip', ['-n', netns, 'route', verb, 'blackhole', `${ip}/32`], { encoding: 'utf8' });
    if (r.status !== 0 && verb === 'add') throw new Error(`ip -n ${netns} route add blackhole ${ip}/32: ${r.stderr}`);
  }
}

/**
 * Row d: a network partition. The master is cut off from every other pod (blackhole routes in its
 * network namespace) while the writer on the host still reaches it. Redis promotes its replica after
 * cluster-node-timeout; the isolated master goes on acknowledging writes until it counts itself in
 * the minority (about cluster-node-timeout), or with min-replicas-to-write until its replica's lag
 * passes min-replicas-max-lag. Those writes are lost when the partition heals and it rejoins as a
 * replica of the promoted one - asynchronous replication's loss, made visible. Timed from the cut
 * to the replica's promotion with every node of the majority ok; the note says how long the isolated
 * master kept acknowledging writes (a direct SET polled every 50 ms).
 */
export async function partitionTrial(o: Ordinal, rc: Rc, trial: number): Promise<Trial> {
  // the victim must be a master by its own ROLE, not only in one node's (possibly stale) view: right
  // after the last trial healed, the operator may still be moving masters (SpreadMasters)
  let pick: { pods: Pod[]; roles: PodRole[]; m: PodRole } | undefined;
  await until('a master that says so itself', async () => {
    const { pods, roles } = await settled(o, rc);
    const masters = roles.filter(isSlotMaster).sort((a, b) => a.pod.localeCompare(b.pod));
    const m = masters[trial % masters.length]!;
    const role = await ask(ep(m), rc.password, (r) => r.call('ROLE') as Promise<unknown[]>);
    if (role?.[0] !== 'master') return false;
    pick = { pods, roles, m };
    return true;
  }, 60_000, 500);
  const { pods, roles, m } = pick!;
  const replica = roles.find((x) => x.masterId === m.id)!;
  const peers = pods.filter((p) => p.pod !== m.pod);
  const netns = await netnsOf(o, m.pod);
  const tag = await tagOwnedBy(ep(m), rc.password);
  const writer = await startWriter(pods.map(ep), rc.password, `{${tag}}:d${trial}`);
  let ms = 0;
  let how: ServedBy = 'promoted';
  let acceptedMs: number | undefined;
  let refusal = '';
  try {
    await sleep(1000);
    const t0 = performance.now();
    routes(netns, peers.map((p) => p.ip), 'add');
    try {
      // how long the cut-off master still says OK to a write (until CLUSTERDOWN or NOREPLICAS)
      const accepting = (async () => {
        for (let i = 0; performance.now() - t0 < 60_000; i++) {
          const answer = await ask(ep(m), rc.password, (r) => r.set(`{${tag}}:iso`, String(i)).catch((e: unknown) => (e as Error).message));
          if (answer !== 'OK') {
            acceptedMs = performance.now() - t0;
            refusal = String(answer ?? 'no answer').split('\n')[0]!.slice(0, 60);
            return;
          }
          await sleep(50);
        }
      })();
      how = await untilRecovered(`{${tag}}:probe`, ep(replica), peers.map(ep), rc.password, 'promoted');
      ms = performance.now() - t0;
      await accepting;
      await sleep(1000);
    } finally {
      routes(netns, peers.map((p) => p.ip), 'del');
    }
    await sleep(1000);
    await waitWhole(o, rc, `${rc.name} whole after the partition healed`);
  } catch (err) {
    await writer.stop();
    throw err;
  }
  const w = await writer.stop();
  const loss = { lost: await countLost((await podsOf(o, rc.name)).map(ep), rc.password, w.acked), acked: w.acked.length, errors: w.errors, maxGapMs: w.maxGapMs };
  const accepted = acceptedMs === undefined ? 'never stopped within 60 s' : `kept acknowledging writes for ${fmt(acceptedMs)} after the cut (then: ${refusal})`;
  return { ms, how, note: `cut ${m.pod} off from the other ${peers.length} pods (${replica.pod} its replica); the cut-off master ${accepted}`, loss };
}
