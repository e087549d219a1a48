// npm run bench:up - how long `ordinal up` takes to bring up a 6-replica redis StatefulSet, next to
// six redis-server processes started by hand in the same run.
//
// What is timed:
//  - baseline: six `redis-server --port P --save "" --appendonly no` on 127.0.0.1 started one after
//    another, each as soon as the one before answers PING; from the first spawn until the sixth
//    answers PING (the servers are stopped afterwards).
//  - ordinal: from spawning `ordinal up -f set.yaml` (fresh data dir, so it also starts the control
//    plane in the background) until it exits 0, i.e. until the StatefulSet has 6/6 ready replicas on
//    its update revision (readinessProbe tcpSocket 6379, periodSeconds 1); once with
//    podManagementPolicy OrderedReady and once Parallel. `ordinal down` follows, untimed.
// Targets (issue 4): OrderedReady within 2x and Parallel within 1.3x of the baseline.
// BENCH_UP_VOLUME=claim gives each pod a local-path claim instead of an emptyDir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from '../test/support/server-process.js';

const replicas = 6;
const useClaim = process.env['BENCH_UP_VOLUME'] === 'claim';
const timeout = process.env['BENCH_UP_TIMEOUT'] ?? '5m';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d: Buffer) => {
      answer += d.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

async function untilPong(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING in 10s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function baseline(): Promise<number> {
  const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()));
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-bench-up-redis-'));
  const children: ChildProcess[] = [];
  try {
    const t0 = performance.now();
    for (const port of ports) {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
      children.push(child);
      await untilPong(port, child);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
    rmSync(dir, { recursive: true, force: true });
  }
}

function manifest(policy: 'OrderedReady' | 'Parallel'): string {
  const volume = useClaim
    ? `  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 100Mi}}`
    : '';
  return `apiVersion: v1
kind: Service
metadata: {name: redis}
spec:
  clusterIP: None
  selector: {app: redis}
  ports: [{port: 6379}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis}
spec:
  serviceName: redis
  replicas: ${replicas}
  podManagementPolicy: ${policy}
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec:
      containers:
      - name: redis
        image: redis
        args: ["--save", "", "--appendonly", "no"]
        ports: [{containerPort: 6379}]
        readinessProbe:
          tcpSocket: {port: 6379}
          periodSeconds: 1
        volumeMounts: [{name: data, mountPath: /data}]
${useClaim ? volume : '      volumes: [{name: data, emptyDir: {}}]'}
`;
}

interface Run {
  code: number | null;
  output: string;
  /** Seconds from the spawn until up said the server it started is ready. */
  serverReadyS: number | undefined;
}

function run(args: string[], echo: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let serverReadyS: number | undefined;
    const take = (d: Buffer): void => {
      output += d.toString();
      if (serverReadyS === undefined && output.includes('started ordinal server')) serverReadyS = (performance.now() - t0) / 1000;
      if (echo) process.stderr.write(d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, serverReadyS }));
  });
}

async function ordinalUp(policy: 'OrderedReady' | 'Parallel'): Promise<{ seconds: number; serverReadyS: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-bench-up-'));
  const dataDir = join(dir, 'data');
  const file = join(dir, 'redis.yaml');
  writeFileSync(file, manifest(policy));
  try {
    process.stderr.write(`--- ordinal up (${policy})\n`);
    const t0 = performance.now();
    const up = await run(['up', '-f', file, '--data-dir', dataDir, '--timeout', timeout, '--server-arg=--listen=127.0.0.1:0', '--server-arg=--log-level=warn'], true);
    const seconds = (performance.now() - t0) / 1000;
    if (up.code !== 0) throw new Error(`ordinal up (${policy}) exited ${up.code}`);
    return { seconds, serverReadyS: up.serverReadyS ?? NaN };
  } finally {
    const down = await run(['down', '--data-dir', dataDir, '--timeout', '60s'], false);
    process.stderr.write(down.output);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const base = await baseline();
  const ordered = await ordinalUp('OrderedReady');
  const parallel = await ordinalUp('Parallel');
  const row = (what: string, s: number, serverS?: number, target?: number): string[] => [
    what,
    s.toFixed(2),
    serverS === undefined ? '' : serverS.toFixed(2),
    serverS === undefined ? '' : (s - serverS).toFixed(2),
    (s / base).toFixed(2),
    target === undefined ? '' : s / base <= target ? `<= ${target}x met` : `<= ${target}x MISSED`,
  ];
  const volume = useClaim ? 'local-path claims' : 'emptyDir';
  const rows = [
    ['', 'seconds', 'server up', 'rest', 'x baseline', 'target'],
    row(`${replicas} redis-server started by hand, one after another, until all answer PING`, base),
    row(`ordinal up, OrderedReady, ${volume} (server start + apply + ${replicas}/${replicas} ready)`, ordered.seconds, ordered.serverReadyS, 2),
    row(`ordinal up, Parallel, ${volume} (server start + apply + ${replicas}/${replicas} ready)`, parallel.seconds, parallel.serverReadyS, 1.3),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

await main();
