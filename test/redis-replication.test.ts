// RedisReplication (seed 000) on a real server with node agents: the operator runs in-process with
// the CRD installed; 3 Redis + 3 Sentinels become Ready; keys written through a Sentinel-aware
// ioredis client survive the deletion of the master's pod: Sentinel promotes a replica, the client
// reconnects and writes, the old master returns as a replica. `ordinal failover --to` hands the
// master role to a chosen replica under load (no acknowledged write lost); describe shows the topology.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { KubeClient } from '../src/client/index.js';
import { redisReplicationKind } from '../src/operators/redis-replication/index.js';
import { eventually } from './support/kube.js';
import { kubectlFor } from './support/kubectl.js';
import { runOrdinal, startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NS = 'default';
const NAME = 'cache';
let server: ServerProcess;
let client: KubeClient;
let home: string;
let kubectl: ReturnType<typeof kubectlFor>;
let redis: Redis | undefined;
/** pod DNS name -> pod IP (the host does not use cluster DNS; ioredis' natMap maps Sentinel's names). */
const ipOf = new Map<string, string>();
let refresher: NodeJS.Timeout | undefined;

const getRR = (): Promise<Obj | undefined> => client.getIfExists<Obj>(redisReplicationKind.path(NS, NAME));
const readyOf = (rr: Obj | undefined): Obj | undefined => (rr?.['status']?.conditions ?? []).find((c: Obj) => c['type'] === 'Ready');

const ordinal = (args: string[], timeoutMs = 60_000): ReturnType<typeof runOrdinal> => runOrdinal(server, args, timeoutMs);

async function refreshIps(): Promise<void> {
  const pods = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/pods`);
  for (const p of pods['items']) {
    const ip = p['status']?.podIP;
    const sub = p['spec']?.subdomain;
    if (ip && sub) ipOf.set(`${p['metadata'].name}.${sub}.${NS}.svc.cluster.local`, ip);
  }
}

before(async () => {
  server = await startServerProcess({ agents: true, extraArgs: ['--nodes', '3'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  home = mkdtempSync(join(tmpdir(), 'ordinal-rdr-'));
  kubectl = kubectlFor(server.kubeconfigPath, home);
  // the operator runs inside the server, which installs its CRD at start
  await eventually(() => client.getIfExists(redisReplicationKind.listPath), 'the RedisReplication kind served', 30_000);
});

after(async () => {
  if (refresher) clearInterval(refresher);
  redis?.disconnect();
  client?.close();
  await server?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('RedisReplication with Sentinel (seed 000)', () => {
  it('3 Redis + 3 Sentinels become Ready, with a generated password and the master named', async () => {
    await client.request('POST', redisReplicationKind.path(NS), {
      body: {
        apiVersion: redisReplicationKind.apiVersion, kind: 'RedisReplication', metadata: { name: NAME, namespace: NS },
        spec: { replicas: 3, sentinel: { replicas: 3, quorum: 2, downAfterMilliseconds: 3000, failoverTimeout: 15000 } },
      },
    });
    const rr = await eventually(async () => {
      const r = await getRR();
      return readyOf(r)?.status === 'True' ? r : undefined;
    }, 'RedisReplication Ready', 180_000);
    assert.equal(rr['status'].master, `${NAME}-0`);
    assert.equal(rr['status'].readyReplicas, 2);
    assert.equal(rr['status'].sentinels.length, 3);
    const secret = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/secrets/${NAME}-auth`);
    const password = Buffer.from(secret['data'].password, 'base64').toString('utf8');
    assert.ok(password.length >= 32);
    assert.ok(!JSON.stringify(rr).includes(password), 'the password is not in the object or its status');
    // a client without the password is refused
    const pod0 = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/pods/${NAME}-0`);
    const anon = new Redis({ host: pod0['status'].podIP, port: 6379, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    anon.on('error', () => undefined);
    await assert.rejects(anon.connect().then(() => anon.set('k', 'v')), /NOAUTH/);
    anon.disconnect();
  });

  it('writes through a Sentinel-aware client; deleting the master\'s pod promotes a replica; no key lost; the old master returns as a replica', async () => {
    const secret = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/secrets/${NAME}-auth`);
    const password = Buffer.from(secret['data'].password, 'base64').toString('utf8');
    await refreshIps();
    refresher = setInterval(() => void refreshIps().catch(() => undefined), 500);
    const sentinels = [0, 1, 2].map((i) => ({ host: ipOf.get(`${NAME}-sentinel-${i}.${NAME}-sentinel.${NS}.svc.cluster.local`)!, port: 26379 }));
    redis = new Redis({
      sentinels, name: NAME, password, sentinelRetryStrategy: () => 200, retryStrategy: () => 200,
      natMap: (key) => {
        const [host, port] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
        const ip = ipOf.get(host);
        return ip ? { host: ip, port } : null;
      },
    });
    redis.on('error', () => undefined);
    for (let i = 0; i < 1000; i++) await redis.set(`key:${i}`, String(i));
    const before = (await getRR())!['status'].master as string;
    const oldPod = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/pods/${before}`);
    // writes must reach the replicas before the master goes (asynchronous replication)
    assert.ok(Number(await redis.call('WAIT', '2', '5000')) >= 1, 'a replica acknowledged the writes');
    const t0 = Date.now();
    await kubectl.ok('delete', 'pod', before, '--wait=false');
    const promoted = await eventually(async () => {
      const r = await getRR();
      const m = r?.['status']?.master as string | undefined;
      return m && m !== before ? m : undefined;
    }, 'Sentinel promotes a replica', 90_000).catch(async (err: Error) => {
      const s = new Redis({ host: sentinels[0]!.host, port: 26379, lazyConnect: true });
      await s.connect();
      console.log('DIAG master', JSON.stringify(await s.call('SENTINEL', 'MASTER', NAME)));
      console.log('DIAG replicas', JSON.stringify(await s.call('SENTINEL', 'REPLICAS', NAME)));
      console.log('DIAG logs', (await kubectl.run(['logs', before])).out.split('\n').slice(0, 8).join(' / '));
      console.log('DIAG status', JSON.stringify((await getRR())?.['status']));
      const events = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/events`);
      console.log('DIAG events', events['items'].filter((e: Obj) => e['involvedObject']?.name === NAME || e['involvedObject']?.name === before).map((e: Obj) => `${e['lastTimestamp'] ?? ''} ${e['reason']}: ${e['message']}`).join(' | '));
      for (const i of [0, 1, 2]) console.log(`DIAG sentinel-${i}`, (await kubectl.run(['logs', `${NAME}-sentinel-${i}`])).out.split('\n').slice(-25).join(' / '));
      s.disconnect();
      throw err;
    });
    const failoverMs = Date.now() - t0;
    // the client follows Sentinel and writes to the new master
    await eventually(async () => {
      try {
        await redis!.set('after-failover', promoted);
        return true;
      } catch {
        return undefined;
      }
    }, 'a write after the failover', 30_000);
    const back = await eventually(async () => {
      const p = await client.getIfExists<Obj>(`/api/v1/namespaces/${NS}/pods/${before}`);
      return p && p['metadata'].uid !== oldPod['metadata'].uid && p['status']?.podIP ? p : undefined;
    }, `${before} recreated`, 60_000);
    await refreshIps();
    await eventually(async () => {
      const r = new Redis({ host: back['status'].podIP, port: 6379, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => undefined);
      try {
        await r.connect();
        const info = await r.info('replication');
        return /role:slave/.test(info) && /master_link_status:up/.test(info) ? true : undefined;
      } catch {
        return undefined;
      } finally {
        r.disconnect();
      }
    }, `${before} back as a replica in sync`, 120_000);
    for (let i = 0; i < 1000; i++) assert.equal(await redis.get(`key:${i}`), String(i), `key:${i}`);
    assert.equal(await redis.get('after-failover'), promoted);
    await eventually(async () => (readyOf(await getRR())?.status === 'True' ? true : undefined), 'Ready again', 120_000);
    const rr = (await getRR())!;
    assert.equal(rr['status'].master, promoted);
    console.log(`failover: master ${before} -> ${promoted} in ${failoverMs} ms (downAfter 3000)`);
  });

  it('a config change rolls the pods: replicas first, SENTINEL FAILOVER before the master restarts, keys kept', async () => {
    const sts = await client.request<Obj>('GET', `/apis/apps/v1/namespaces/${NS}/statefulsets/${NAME}`);
    const oldRevision = sts['status'].updateRevision as string;
    const master = (await getRR())!['status'].master as string;
    let errors = 0;
    let writes = 0;
    let stop = false;
    const load = (async () => {
      while (!stop) {
        try {
          await redis!.set(`load:${writes}`, String(writes));
          writes++;
        } catch {
          errors++;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    await client.request('PATCH', redisReplicationKind.path(NS, NAME), { body: { spec: { config: { 'maxmemory-policy': 'allkeys-lru' } } }, contentType: 'application/merge-patch+json' });
    await eventually(async () => {
      const s = await client.request<Obj>('GET', `/apis/apps/v1/namespaces/${NS}/statefulsets/${NAME}`);
      if (s['status'].updateRevision === oldRevision) return undefined;
      const pods = await Promise.all([0, 1, 2].map((i) => client.getIfExists<Obj>(`/api/v1/namespaces/${NS}/pods/${NAME}-${i}`)));
      const rr = await getRR();
      const done = pods.every((p) => p?.['metadata'].labels?.['controller-revision-hash'] === s['status'].updateRevision) && readyOf(rr)?.status === 'True' && !rr?.['status']?.operation;
      return done ? true : undefined;
    }, 'every pod on the new revision, Ready, operation finished', 240_000);
    stop = true;
    await load;
    await refreshIps();
    const rr = (await getRR())!;
    assert.notEqual(rr['status'].master, master, 'the master was handed over');
    const events = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/events`);
    const when = (e: Obj): string => String(e['firstTimestamp'] ?? e['eventTime'] ?? e['metadata']?.creationTimestamp ?? '');
    const reasons = events['items'].filter((e: Obj) => e['involvedObject']?.name === NAME && e['involvedObject']?.kind === 'RedisReplication')
      .sort((a: Obj, b: Obj) => when(a).localeCompare(when(b))).map((e: Obj) => `${e['reason']}:${e['message']}`);
    const failoverAt = reasons.findIndex((r: string) => r.startsWith('SentinelFailover'));
    const masterDeleteAt = reasons.findIndex((r: string) => r.startsWith('DeletePod') && r.includes(`restart ${master} `));
    assert.ok(failoverAt >= 0 && masterDeleteAt > failoverAt, `failover before the master's restart: ${reasons.join(' | ')}`);
    for (let i = 0; i < 1000; i += 7) assert.equal(await redis!.get(`key:${i}`), String(i));
    // writes acknowledged during the roll, sampled: none lost (the handover pauses the master's writes
    // until the operator has made it a replica of the new master)
    let sampled = 0;
    let lost = 0;
    for (let i = 0; i < writes; i += Math.max(1, Math.floor(writes / 200))) {
      sampled++;
      if ((await redis!.get(`load:${i}`)) !== String(i)) lost++;
    }
    assert.ok(sampled > 0, 'writes were sampled');
    assert.equal(lost, 0, `${lost} of ${sampled} sampled writes acknowledged during the roll lost`);
    console.log(`rolling restart: ${writes} writes, ${errors} client errors, ${lost} of ${sampled} sampled writes lost`);
  });

  it('`ordinal failover --to` hands the master role to the chosen replica under load; describe shows the topology', async () => {
    await eventually(async () => (readyOf(await getRR())?.status === 'True' && !(await getRR())?.['status']?.operation ? true : undefined), 'Ready, no operation', 120_000);
    // the rolling restart before gave every pod a new address: wait until every Sentinel sees both
    // replicas healthy again (flags exactly "slave"), the precondition of a targeted failover
    await eventually(async () => {
      for (const i of [0, 1, 2]) {
        const r = await kubectl.run(['exec', `${NAME}-sentinel-${i}`, '--', 'env', '-u', 'REDISCLI_AUTH', 'redis-cli', '-p', '26379', 'sentinel', 'replicas', NAME]);
        const lines = r.out.split('\n').map((l) => l.trim());
        const flags = lines.flatMap((l, j) => (l === 'flags' ? [lines[j + 1]] : []));
        if (flags.length !== 2 || flags.some((f) => f !== 'slave')) return undefined;
      }
      return true;
    }, 'every Sentinel sees both replicas healthy', 120_000);
    const from = (await getRR())!['status'].master as string;
    const to = [0, 1, 2].map((i) => `${NAME}-${i}`).find((p) => p !== from)!;
    let writes = 0;
    let errors = 0;
    let stop = false;
    const acked: number[] = [];
    const load = (async () => {
      while (!stop) {
        try {
          await redis!.set(`fo:${writes}`, String(writes));
          acked.push(writes);
          writes++;
        } catch {
          errors++;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    await new Promise((res) => setTimeout(res, 500));
    const ackedBefore = acked.length;
    const t0 = Date.now();
    const r = await ordinal(['failover', 'redisreplication', NAME, '--to', to, '--timeout', '150s'], 180_000);
    const ms = Date.now() - t0;
    assert.equal(r.code, 0, `ordinal failover: ${r.out} ${r.err}`);
    assert.match(r.out, new RegExp(`Succeeded \\(master: ${from} -> ${to}\\)`));
    await new Promise((res) => setTimeout(res, 1000));
    stop = true;
    await load;
    const rr = (await getRR())!;
    assert.equal(rr['status'].master, to);
    assert.equal(rr['status'].failover.result, 'Succeeded');
    // the steered priority is back to the default on the new master
    await refreshIps();
    const secret = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/secrets/${NAME}-auth`);
    const password = Buffer.from(secret['data'].password, 'base64').toString('utf8');
    const toPod = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/pods/${to}`);
    const direct = new Redis({ host: toPod['status'].podIP, port: 6379, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    direct.on('error', () => undefined);
    await direct.connect();
    assert.deepEqual(await direct.config('GET', 'replica-priority'), ['replica-priority', '100']);
    direct.disconnect();
    // every acknowledged write is there, also those acknowledged during the handover: the old master's
    // writes are paused until the replicas have them and stay paused until it is a replica of the new
    // master (fenced), so nothing it acknowledged is thrown away
    for (const i of acked.slice(0, ackedBefore)) assert.equal(await redis!.get(`fo:${i}`), String(i), `fo:${i}`);
    let lost = 0;
    for (const i of acked.slice(ackedBefore)) if ((await redis!.get(`fo:${i}`)) !== String(i)) lost++;
    if (lost > 0) {
      console.log(`DIAG handover took ${ms} ms; output: ${r.out.trim()}`);
      const events = await client.request<Obj>('GET', `/api/v1/namespaces/${NS}/events`);
      console.log('DIAG events', events['items'].filter((e: Obj) => e['involvedObject']?.kind === 'RedisReplication').map((e: Obj) => `${e['lastTimestamp'] ?? ''} ${e['reason']}: ${e['message']}`).join(' | '));
      for (const i of [0, 1, 2]) console.log(`DIAG sentinel-${i}`, (await kubectl.run(['logs', `${NAME}-sentinel-${i}`])).out.split('\n').slice(-30).join(' / '));
      for (const p of [from, to]) console.log(`DIAG ${p}`, (await kubectl.run(['logs', p])).out.split('\n').slice(-30).join(' / '));
    }
    assert.equal(lost, 0, `${lost} of ${acked.length - ackedBefore} writes acknowledged during the handover lost`);
    await eventually(async () => (readyOf(await getRR())?.status === 'True' ? true : undefined), 'Ready after the failover', 120_000);
    const d = await ordinal(['describe', 'redisreplication', NAME]);
    assert.equal(d.code, 0, d.err);
    assert.match(d.out, new RegExp(`Topology:\\n  Master: ${to}\\n`));
    assert.match(d.out, new RegExp(`\\s${from}\\s+replica\\s+${to}\\s+up\\s+\\d+`));
    console.log(`ordinal failover ${from} -> ${to}: ${ms} ms, ${writes} writes, ${errors} client errors, ${lost} of ${acked.length - ackedBefore} writes acknowledged during the handover lost`);
  });
});
