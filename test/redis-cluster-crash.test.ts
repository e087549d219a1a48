// Kill the operator during the bootstrap (before and after each of its five steps), then in the
// middle of a scale-in, at each step of the step log in turn (before the
// step runs, inside a slot move with the slots IMPORTING/MIGRATING, then after it ran but before it
// is recorded as done), with `ordinal server
// --no-operators` and the operator as a separate process armed with ORDINAL_FAILPOINTS. One pod the
// scale-in removes is made a master first, so the step log moves slots and keys away from it and
// re-points a kept replica (its old master) besides forget, reset, shrink and wait-gone. After the
// last restart the RedisCluster settles, and Redis itself shows every slot owned by exactly one
// master, the removed nodes forgotten everywhere, every key readable and every replica linked.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { KubeClient } from '../src/client/index.js';
import { redisClusterPath } from '../src/operators/redis-cluster/index.js';
import { eventually } from './support/kube.js';
import { conditionOf, redisClusterClient, redisNodesOf, withRedisNode } from './support/redis.js';
import { cliPath, startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ns = 'default';
const name = 'rck';
const KEYS = 2000;
const SLOTS = 16384;
const STEP_TIMEOUT_MS = 90_000;

let server: ServerProcess;
let client: KubeClient;
let password = '';

const getRc = (): Promise<Obj> => client.request<Obj>('GET', redisClusterPath(ns, name));
const withNode = <T>(host: string, fn: (r: Redis) => Promise<T>): Promise<T> => withRedisNode(host, password, fn);
const settledAt = (rc: Obj, masters: number, pods: number): boolean =>
  conditionOf(rc, 'Ready')?.['status'] === 'True' && rc['status']?.observedGeneration === rc['metadata'].generation && !rc['status']?.operation
  && redisNodesOf(rc).length === pods && redisNodesOf(rc).filter((n) => n['role'] === 'master').length === masters;

/** `ordinal operator` as a child process of this test (killed in after() if still running). */
interface OperatorRun {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
const operators: ChildProcess[] = [];
let restarts = 0;

function startOperator(failpoints?: string): OperatorRun {
  const env = { ...process.env };
  delete env['ORDINAL_FAILPOINTS'];
  if (failpoints) env['ORDINAL_FAILPOINTS'] = failpoints;
  const child = spawn(process.execPath, [cliPath, 'operator', '--data-dir', server.dataDir, '--no-leader-elect', '--log-level', 'info'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  operators.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, stderr: () => stderr, exited };
}

const alive = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

async function stopOperator(op: OperatorRun): Promise<void> {
  if (!alive(op.child)) return;
  op.child.kill('SIGTERM');
  const t = setTimeout(() => op.child.kill('SIGKILL'), 10_000);
  await op.exited;
  clearTimeout(t);
}

const opSummary = (rc: Obj): string => JSON.stringify(rc['status']?.operation ?? null);
const tail = (s: string): string => s.split('\n').slice(-15).join('\n');

type When = 'before' | 'open' | 'after';
/**
 * Runs the operator armed with `rdc:step:<step>:<when>` (or a slot move's `rdc:migrate:<step>:open`)
 * and waits for it to SIGKILL itself there. Fails fast (a finding) when the operation finishes,
 * changes, or records the step as done first.
 */
async function killAt(step: string, when: When, opId: string): Promise<void> {
  // open: inside a slot move, with slots IMPORTING/MIGRATING and their keys not moved yet
  const point = when === 'open' ? `rdc:migrate:${step}:open` : `rdc:step:${step}:${when}`;
  const op = startOperator(point);
  restarts++;
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let finding: string | undefined;
  try {
    for (;;) {
      const done = await Promise.race([op.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 250))]);
      if (done) {
        assert.equal(done.signal, 'SIGKILL', `operator armed with ${point} exited with ${done.code ?? done.signal}:\n${tail(op.stderr())}`);
        assert.match(op.stderr(), new RegExp(`failpoint ${point.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: SIGKILL`), `stderr of the operator armed with ${point}`);
        return;
      }
      const rc = await getRc().catch(() => undefined);
      const operation = rc?.['status']?.operation as Obj | undefined;
      if (rc && (!operation || operation['id'] !== opId)) finding = `the operation ${opId} is no longer running (status.operation: ${opSummary(rc)})`;
      else if (operation?.['steps']?.find((s: Obj) => s['name'] === step)?.['state'] === 'done') finding = `step ${step} is recorded done without passing ${point}`;
      else if (Date.now() > deadline) finding = `timed out after ${STEP_TIMEOUT_MS} ms (status.operation: ${opSummary(rc ?? {})})`;
      if (finding) assert.fail(`the operator never reached failpoint ${point}: ${finding}\noperator stderr:\n${tail(op.stderr())}`);
    }
  } finally {
    if (alive(op.child)) {
      op.child.kill('SIGKILL');
      await op.exited;
    }
  }
}

/** One node's CLUSTER NODES: every node line, the slot -> owner table, open migrations. */
async function clusterView(ip: string): Promise<{ lines: string[][]; owner: Array<string | undefined>; doubly: number[]; open: string[] }> {
  const text = await withNode(ip, (r) => r.call('CLUSTER', 'NODES') as Promise<string>);
  const lines = text.trim().split('\n').map((l) => l.split(' '));
  const owner: Array<string | undefined> = new Array(SLOTS).fill(undefined);
  const doubly: number[] = [];
  const open: string[] = [];
  for (const f of lines) {
    for (const s of f.slice(8)) {
      if (s.startsWith('[')) {
        open.push(s);
        continue;
      }
      const [a, b] = s.split('-').map(Number);
      for (let slot = a!; slot <= (b ?? a!); slot++) {
        if (owner[slot] !== undefined) doubly.push(slot);
        owner[slot] = f[0]!;
      }
    }
  }
  return { lines, owner, doubly, open };
}

before(async () => {
  server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '3', '--no-operators'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
});

after(async () => {
  for (const c of operators) if (alive(c)) c.kill('SIGKILL');
  client?.close();
  await server?.cleanup();
});

describe('RedisCluster bootstrap and scale-in with the operator killed at every step', { timeout: 600_000 }, () => {
  const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);
  let removedIds: string[] = [];
  let nodes4x1: Obj[] = [];

  it('a 4x1 cluster bootstraps with the operator SIGKILLed before and after each bootstrap step, then holds 2,000 keys', async () => {
    // the first run dies at the first step: the step log is persisted by then
    const first = startOperator('rdc:step:*');
    restarts++;
    await eventually(() => client.getIfExists(redisClusterPath(ns)), 'the RedisCluster kind served', 30_000);
    await client.request('POST', redisClusterPath(ns), {
      body: { apiVersion: 'ordinal.dev/v1alpha1', kind: 'RedisCluster', metadata: { name }, spec: { masters: 4, replicasPerMaster: 1, storage: { size: '100Mi' }, config: { 'cluster-node-timeout': '5000' } } },
    });
    const died = await Promise.race([first.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 180_000))]);
    if (!died) first.child.kill('SIGKILL');
    assert.equal(died?.signal, 'SIGKILL', `the operator armed with rdc:step:* did not die at a step:\n${tail(first.stderr())}`);
    const operation = (await getRc())['status']?.operation as Obj | undefined;
    assert.equal(operation?.['type'], 'Bootstrap', `status.operation: ${JSON.stringify(operation)}`);
    const steps = (operation!['steps'] as Obj[]).map((x) => String(x['name']));
    assert.deepEqual(steps, ['add-slots', 'set-epoch', 'meet', 'wait-known', 'replicate']);
    for (const step of steps) {
      for (const when of ['before', 'after'] as When[]) await killAt(step, when, String(operation!['id']));
    }
    console.log(`# bootstrap: the operator killed before and after each of ${steps.join(', ')}`);
    const op = startOperator();
    try {
      const rc = await eventually(async () => { const r = await getRc(); return settledAt(r, 4, 8) ? r : undefined; }, 'RedisCluster 4x1 Ready', 180_000)
        .catch(async (e: unknown) => { throw new Error(`${String(e)}\nstatus: ${JSON.stringify((await getRc())['status'])}\noperator:\n${tail(op.stderr())}`); });
      const secret = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/secrets/${name}-auth`);
      password = Buffer.from(secret['data']['password'], 'base64').toString('utf8');
      nodes4x1 = redisNodesOf(rc);
      removedIds = redisNodesOf(rc).filter((n) => Number(String(n['pod']).split('-').pop()) >= 6).map((n) => String(n['id']));
      assert.equal(removedIds.length, 2, `ids of ${name}-6 and ${name}-7: ${JSON.stringify(redisNodesOf(rc))}`);
      const c = redisClusterClient(redisNodesOf(rc).find((n) => n['pod'] === `${name}-0`)!['ip'], password);
      try {
        for (let i = 0; i < KEYS; i += 200) await Promise.all(keys.slice(i, i + 200).map((k) => c.set(k, `v-${k}`)));
      } finally {
        c.disconnect();
      }
    } finally {
      await stopOperator(op);
    }
  });

  it('a pod the scale-in removes is made a master (CLUSTER FAILOVER on its replica), so slots and keys leave it', async () => {
    const pod6 = nodes4x1.find((n) => n['pod'] === `${name}-6`)!;
    const oldMaster = nodes4x1.find((n) => n['id'] === pod6['masterId'] || n['pod'] === pod6['masterPod']);
    assert.ok(oldMaster && pod6['role'] !== 'master', `${name}-6 is a replica at first: ${JSON.stringify(nodes4x1)}`);
    // a master ignores MFSTART from a node it does not list as its replica yet: wait for every view
    await eventually(async () => {
      for (const n of nodes4x1) if (!(await clusterView(n['ip'])).lines.some((f) => f[0] === pod6['id'] && f[2]!.includes('slave') && f[3] === oldMaster['id'])) return undefined;
      return true;
    }, `every node lists ${name}-6 as a replica of ${oldMaster['pod']}`, 30_000);
    let sent = 0;
    await eventually(async () => {
      if (Date.now() - sent > 8000) { // a manual failover times out after 5 s: ask again
        sent = Date.now();
        await withNode(pod6['ip'], (r) => r.call('CLUSTER', 'FAILOVER'));
      }
      for (const n of nodes4x1) {
        const view = await clusterView(n['ip']);
        const line = (id: string): string[] | undefined => view.lines.find((f) => f[0] === id);
        if (!line(pod6['id'])?.[2]?.includes('master') || !line(oldMaster['id'])?.[2]?.includes('slave') || view.owner.includes(oldMaster['id'])) return undefined;
        const info = await withNode(n['ip'], (r) => r.call('CLUSTER', 'INFO') as Promise<string>);
        if (!info.includes('cluster_state:ok')) return undefined;
      }
      return true;
    }, `every node sees ${name}-6 as the master of ${oldMaster['pod']}'s slots`, 60_000).catch(async (e: unknown) => {
      const nodes6 = await withNode(pod6['ip'], (r) => r.call('CLUSTER', 'NODES') as Promise<string>).catch(String);
      const log6 = await client.request<string>('GET', `/api/v1/namespaces/${ns}/pods/${name}-6/log`).catch(String);
      const logM = await client.request<string>('GET', `/api/v1/namespaces/${ns}/pods/${oldMaster['pod']}/log`).catch(String);
      const infoM = await withNode(oldMaster['ip'], (r) => r.info('replication')).catch(String);
      throw new Error(`${String(e)}\n${name}-6 CLUSTER NODES:\n${nodes6}\n${name}-6 log:\n${tail(String(log6))}\n${oldMaster['pod']} log:\n${tail(String(logM))}\n${infoM}`);
    });
    console.log(`# ${name}-6 took over from ${oldMaster['pod']} (CLUSTER FAILOVER)`);
  });

  it('masters 4 -> 3, the operator SIGKILLed before and after each step of the ScaleIn, then it finishes', async () => {
    const t0 = Date.now();
    await client.request('PATCH', redisClusterPath(ns, name), { body: { spec: { masters: 3 } }, contentType: 'application/merge-patch+json' });
    // the first run dies at the first step: the step log is persisted by then
    const first = startOperator('rdc:step:*');
    restarts++;
    const died = await Promise.race([first.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), STEP_TIMEOUT_MS))]);
    if (!died) first.child.kill('SIGKILL');
    assert.equal(died?.signal, 'SIGKILL', `the operator armed with rdc:step:* did not die at a step:\n${tail(first.stderr())}\nstatus: ${opSummary(await getRc())}`);
    const operation = (await getRc())['status']?.operation as Obj | undefined;
    assert.equal(operation?.['type'], 'ScaleIn', `status.operation: ${JSON.stringify(operation)}`);
    const steps = (operation!['steps'] as Obj[]).map((s) => String(s['name']));
    const opId = String(operation!['id']);
    assert.match(first.stderr(), new RegExp(`failpoint rdc:step:${steps[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:before: SIGKILL`));
    console.log(`# ScaleIn ${opId}: ${steps.length} steps: ${steps.join(', ')}`);

    const killed: string[] = [];
    for (const step of steps) {
      for (const when of (step.startsWith('migrate:') ? ['before', 'open', 'after'] : ['before', 'after']) as When[]) {
        const t = Date.now();
        await killAt(step, when, opId);
        killed.push(`${step}:${when} (${Date.now() - t} ms)`);
        const now = (await getRc())['status']?.operation as Obj | undefined;
        assert.deepEqual((now?.['steps'] as Obj[] | undefined)?.map((s) => s['name']), steps, 'the step log is the same after a restart');
      }
    }

    const last = startOperator();
    restarts++;
    const tLast = Date.now();
    // settled: also no node with two masters (the operator moves one away after the scale-in: SpreadMasters)
    const spread = (r: Obj): boolean => redisNodesOf(r).filter((n) => n['role'] === 'master').every((m, _, all) => all.filter((x) => x['nodeName'] === m['nodeName']).length === 1);
    await eventually(async () => { const r = await getRc(); return settledAt(r, 3, 6) && spread(r) ? r : undefined; }, 'RedisCluster 3x1 Ready after the last restart', 180_000)
      .catch(async (e: unknown) => { throw new Error(`${String(e)}\nstatus: ${JSON.stringify((await getRc())['status'])}\noperator:\n${tail(last.stderr())}`); });
    console.log(`# killed the operator at ${killed.length} points: ${killed.join(', ')}`);
    console.log(`# scale-in with kills: settled after ${Date.now() - t0} ms (${Date.now() - tLast} ms after the last start) and ${restarts} operator starts`);
  });

  it('Redis: every slot owned by exactly one master in every view, removed nodes forgotten, keys intact, replicas linked', async () => {
    const pods = (await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/pods`))['items'].filter((p: Obj) => p['metadata'].name.startsWith(`${name}-`));
    assert.deepEqual(pods.map((p: Obj) => p['metadata'].name).sort(), [0, 1, 2, 3, 4, 5].map((i) => `${name}-${i}`));
    const ips: Array<[string, string]> = pods.map((p: Obj) => [p['metadata'].name, p['status'].podIP]);
    // gossip: the last ownership change reaches every node within moments - wait for that, then check strictly
    await eventually(async () => {
      const tables = await Promise.all(ips.map(async ([, ip]) => (await clusterView(ip)).owner.join(',')));
      return tables.every((t) => t === tables[0]) ? true : undefined;
    }, 'every node agrees on the slot table', 20_000).catch(() => undefined);
    let reference: string | undefined;
    for (const [pod, ip] of ips) {
      const view = await clusterView(ip);
      const where = `in ${pod}'s CLUSTER NODES`;
      const gaps = view.owner.map((o, s) => (o === undefined ? s : -1)).filter((s) => s >= 0);
      assert.deepEqual(gaps.slice(0, 10), [], `${gaps.length} slots owned by no master ${where}`);
      assert.deepEqual(view.doubly.slice(0, 10), [], `${view.doubly.length} slots owned twice ${where}`);
      assert.deepEqual(view.open, [], `slots left MIGRATING/IMPORTING ${where}`);
      const ids = view.lines.map((f) => f[0]!);
      assert.deepEqual(ids.filter((id) => removedIds.includes(id)), [], `removed node ids ${where}`);
      assert.equal(ids.length, 6, `${pod} knows 6 nodes:\n${view.lines.map((f) => f.join(' ')).join('\n')}`);
      const owners = new Map<string, number>();
      for (const o of view.owner) owners.set(o!, (owners.get(o!) ?? 0) + 1);
      assert.equal(owners.size, 3, `3 slot owners ${where}`);
      for (const [id, n] of owners) assert.ok(Math.abs(n - SLOTS / 3) <= 1, `${id} owns ${n} slots ${where}`);
      for (const f of view.lines) {
        const flags = f[2]!.split(',');
        assert.ok(!flags.includes('fail') && !flags.includes('fail?'), `${f.slice(0, 3).join(' ')} is failing ${where}`);
      }
      if (reference === undefined) {
        const podOf = new Map(view.lines.map((f) => [f[0]!, ips.find(([, i]) => f[1]!.startsWith(`${i}:`))?.[0] ?? f[0]!]));
        console.log(`# topology: ${view.lines.map((f) => `${podOf.get(f[0]!)} ${f[3] === '-' ? `master (${owners.get(f[0]!) ?? 0} slots)` : `replica of ${podOf.get(f[3]!)}`}`).sort().join(', ')}`);
      }
      const table = view.owner.join(',');
      if (reference === undefined) reference = table;
      else assert.ok(table === reference, `${pod}'s slot table differs from ${ips[0]![0]}'s`);
    }
    for (const [pod, ip] of ips) {
      const info = await withNode(ip, (r) => r.info('replication'));
      const role = /role:(\w+)/.exec(info)?.[1];
      if (role === 'slave') assert.match(info, /master_link_status:up/, `${pod}'s link to its master`);
    }
    const roles = await Promise.all(ips.map(([, ip]) => withNode(ip, (r) => r.info('replication')).then((i) => /role:(\w+)/.exec(i)?.[1])));
    assert.equal(roles.filter((r) => r === 'master').length, 3, `roles: ${roles.join(', ')}`);
    const c = redisClusterClient(ips[0]![1], password);
    try {
      const bad: string[] = [];
      for (let i = 0; i < KEYS; i += 200) {
        const chunk = keys.slice(i, i + 200);
        const values = await Promise.all(chunk.map((k) => c.get(k)));
        values.forEach((v, j) => { if (v !== `v-${chunk[j]!}`) bad.push(chunk[j]!); });
      }
      assert.deepEqual(bad.slice(0, 10), [], `${bad.length} of ${KEYS} keys lost or wrong`);
    } finally {
      c.disconnect();
    }
  });
});
