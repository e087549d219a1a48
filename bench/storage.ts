// npm run bench:storage - Ceph RBD volumes: how fast a claim is Bound and a volume attached, next
// to the same image made by hand with `rbd create` in the same run.
//
// Set-up (untimed): a one-node memstore Ceph (test/support/ceph.ts), an `ordinal server` with node
// agents, `ordinal ceph connect` + `ordinal ceph prepare --provisioner legacy` (pool kube, user
// client.kube with profile rbd, seed 000's Secrets, a kubernetes.io/rbd class).
//
// What is timed (wall clock, polled every 10 ms through the API):
//  a. by hand: `rbd create kube/hand-N --size 1024 --image-feature layering` as client.kube, one at a time;
//  b. one claim at a time: POST the claim -> status.phase Bound (the image made, its metadata set,
//     the PV written and both sides bound);
//  c. 50 claims POSTed at once -> each Bound, and the time until all are;
//  d. attach: a pod on a bound claim, from the moment it is scheduled (spec.nodeName seen) until it
//     is Running (rbd watcher check, rbd-fuse, loop device, mkfs.ext4 on the first attach, mount,
//     then the container's start); and detach: pod deleted -> gone (the container is `sleep` as PID 1,
//     which ignores SIGTERM, so ~1 s of it is the grace period; then umount, loop, fuse released).
// Targets (issue 11): claim -> Bound p50 <= 200 ms; 50 claims all Bound within 5 s.
// BENCH_STORAGE_SINGLE (default 20), BENCH_STORAGE_BURST (50), BENCH_STORAGE_ATTACH (5).
import { KubeClient } from '../src/client/index.js';
import { startTestCeph } from '../test/support/ceph.js';
import { runOrdinal, startServerProcess } from '../test/support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const single = Number(process.env['BENCH_STORAGE_SINGLE'] ?? 20);
const burst = Number(process.env['BENCH_STORAGE_BURST'] ?? 50);
const attaches = Number(process.env['BENCH_STORAGE_ATTACH'] ?? 5);
const ns = 'bench';
const cls = 'rbd-bench';
const claimsPath = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
const podsPath = `/api/v1/namespaces/${ns}/pods`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ms = (n: number): string => `${n.toFixed(0)} ms`;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

function summary(values: number[]): string {
  return `p50 ${ms(pct(values, 50))}, p99 ${ms(pct(values, 99))}, min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))} (n=${values.length})`;
}

function claim(name: string): Obj {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { storageClassName: cls, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function boundTimes(client: KubeClient, names: string[], t0: Map<string, number>): Promise<Map<string, number>> {
  const done = new Map<string, number>();
  await until(`${names.length} claims Bound`, async () => {
    const list = await client.request<{ items: Obj[] }>('GET', claimsPath);
    const now = performance.now();
    for (const c of list.items) if (c['status']?.phase === 'Bound' && t0.has(c['metadata'].name) && !done.has(c['metadata'].name)) done.set(c['metadata'].name, now - t0.get(c['metadata'].name)!);
    return names.every((n) => done.has(n)) ? true : undefined;
  });
  return done;
}

async function deleteClaims(client: KubeClient, names: string[]): Promise<void> {
  await Promise.all(names.map((n) => client.request('DELETE', `${claimsPath}/${n}`).catch(() => undefined)));
}

async function main(): Promise<void> {
  const ceph = await startTestCeph();
  const server = await startServerProcess({ agents: true });
  const client = await KubeClient.fromFile(server.kubeconfigPath);
  try {
    const connect = await runOrdinal(server, ['ceph', 'connect', '--conf', ceph.confPath, '--keyring', ceph.adminKeyringPath]);
    if (connect.code !== 0) throw new Error(`ceph connect failed: ${connect.err}`);
    const prep = await runOrdinal(server, ['ceph', 'prepare', '--pool', 'kube', '--user', 'kube', '--namespace', ns, '--provisioner', 'legacy', '--class', cls, '--kubeconfig', server.kubeconfigPath]);
    if (prep.code !== 0) throw new Error(`ceph prepare failed: ${prep.err}`);
    const kube = { cluster: { monitors: ceph.monitors }, credentials: { user: 'admin', keyringPath: ceph.adminKeyringPath } };

    // a. by hand
    const hand: number[] = [];
    for (let i = 0; i < single; i++) {
      const t = performance.now();
      await ceph.cli.rbd(kube, ['create', `kube/hand-${i}`, '--size', '1024', '--image-feature', 'layering']);
      hand.push(performance.now() - t);
    }

    // b. one claim at a time
    const one: number[] = [];
    for (let i = 0; i < single; i++) {
      const name = `one-${i}`;
      const t0 = new Map([[name, performance.now()]]);
      await client.request('POST', claimsPath, { body: claim(name) });
      one.push((await boundTimes(client, [name], t0)).get(name)!);
    }

    // c. a burst
    const names = Array.from({ length: burst }, (_, i) => `burst-${i}`);
    const starts = new Map<string, number>();
    const tBurst = performance.now();
    await Promise.all(names.map(async (n) => {
      starts.set(n, performance.now());
      await client.request('POST', claimsPath, { body: claim(n) });
    }));
    const burstTimes = await boundTimes(client, names, starts);
    const allBound = performance.now() - tBurst;

    // d. attach and detach, each pod on its own bound claim
    const attach: number[] = [];
    const detach: number[] = [];
    for (let i = 0; i < Math.min(attaches, single); i++) {
      const name = `attach-${i}`;
      await client.request('POST', podsPath, {
        body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'touch /data/x; exec sleep 3600'], volumeMounts: [{ name: 'd', mountPath: '/data' }] }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: `one-${i}` } }] } },
      });
      const scheduled = await until(`${name} scheduled`, async () => ((await client.request<Obj>('GET', `${podsPath}/${name}`))['spec']?.nodeName ? performance.now() : undefined));
      await until(`${name} Running`, async () => {
        const p = await client.request<Obj>('GET', `${podsPath}/${name}`);
        if (p['status']?.phase === 'Failed') throw new Error(`${name} failed`);
        return p['status']?.phase === 'Running' ? true : undefined;
      });
      attach.push(performance.now() - scheduled);
      const t = performance.now();
      await client.request('DELETE', `${podsPath}/${name}`);
      await until(`${name} gone`, async () => ((await client.getIfExists(`${podsPath}/${name}`)) ? undefined : true));
      detach.push(performance.now() - t);
    }

    // clean-up, timed as the Delete reclaim of every claim
    const all = [...Array.from({ length: single }, (_, i) => `one-${i}`), ...names];
    const tDel = performance.now();
    await deleteClaims(client, all);
    await until('every image removed', async () => {
      const images = await ceph.cli.rbdJson<string[]>(kube, ['ls', 'kube']);
      return images.filter((n) => n.startsWith('kubernetes-dynamic-pvc-')).length === 0 ? true : undefined;
    }, 300_000);
    const deleted = performance.now() - tDel;

    const lines = [
      'bench:storage (Ceph RBD, one memstore OSD on this machine)',
      `a. rbd create by hand (client.kube):          ${summary(hand)}`,
      `b. claim -> Bound, one at a time:             ${summary(one)}   target p50 <= 200 ms: ${pct(one, 50) <= 200 ? 'met' : 'NOT met'}`,
      `c. ${String(burst).padEnd(2)} claims at once -> each Bound:       ${summary([...burstTimes.values()])}`,
      `   ${String(burst).padEnd(2)} claims at once -> all Bound:        ${ms(allBound)}   target <= 5000 ms: ${allBound <= 5000 ? 'met' : 'NOT met'}`,
      `d. attach, scheduled -> Running:              ${summary(attach)}`,
      `   detach, pod deleted -> gone:               ${summary(detach)}`,
      `   reclaim: ${all.length} claims deleted -> images removed: ${ms(deleted)}`,
      `   ratio b/a (p50): ${(pct(one, 50) / pct(hand, 50)).toFixed(2)}x`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    client.close();
    await server.cleanup();
    await ceph.stop();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench:storage failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
