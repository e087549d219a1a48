// npm run bench:apiserver - creates/s, updates/s, watch-event latency p50/p99 with 100 watchers over
// 10,000 objects, and the API server's RSS. The server is a real `ordinal server` child process;
// the load comes from this process over HTTPS keep-alive (the two share this machine's 2 cores).
import { readFileSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { startServerProcess } from '../test/support/server-process.js';

const objects = Number(process.env['BENCH_OBJECTS'] ?? 10_000);
const watchers = Number(process.env['BENCH_WATCHERS'] ?? 100);
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const pacedRate = Number(process.env['BENCH_PACED_RATE'] ?? 1000);

function rssMiB(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds (user+system) the process has used, from /proc/PID/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

async function main(): Promise<void> {
  // the API server alone (the controllers, which also cache every object, are measured by bench:controllers)
  const server = await startServerProcess({ extraArgs: ['--log-level', 'warn', '--no-controllers'] });
  const pid = server.process.pid!;
  const ca = readFileSync(join(server.dataDir, 'pki', 'ca.crt'));
  const token = readFileSync(join(server.dataDir, 'token'), 'utf8').trim();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca });
  const base = new URL(server.url);

  const call = (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<number> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request({ host: base.hostname, port: base.port, path, method, agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } }, (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve(res.statusCode!) : reject(new Error(`${method} ${path}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });

  async function pool(n: number, work: (i: number) => Promise<unknown>): Promise<number> {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }));
    return (performance.now() - t0) / 1000;
  }

  try {
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
    const rssIdle = rssMiB(pid);
    const cm = (i: number, extra: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, labels: { bench: 'yes', shard: String(i % 10) } }, data: { index: String(i), payload: 'x'.repeat(200), ...extra } });
    const cpu0 = cpuSeconds(pid);
    const createSecs = await pool(objects, (i) => call('POST', '/api/v1/namespaces/bench/configmaps', cm(i)));
    const cpuCreates = cpuSeconds(pid) - cpu0;
    const rssAfterCreate = rssMiB(pid);
    const updateQuiet = (i: number) => call('PATCH', `/api/v1/namespaces/bench/configmaps/cm-${i}`, { data: { quiet: String(i) } }, 'application/merge-patch+json');
    const quietSecs = await pool(objects, updateQuiet);

    const rv = await new Promise<string>((resolve, reject) => {
      request({ host: base.hostname, port: base.port, path: '/api/v1/namespaces/bench/configmaps?limit=1', agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(JSON.parse(text).metadata.resourceVersion));
      }).on('error', reject).end();
    });
    // 100 watchers on the collection, each parsing its stream for the send time embedded in the object
    const latencies: number[] = [];
    let delivered = 0;
    const streams = await Promise.all(Array.from({ length: watchers }, () => new Promise<ClientRequest>((resolve, reject) => {
      const req = request({ host: base.hostname, port: base.port, path: `/api/v1/namespaces/bench/configmaps?watch=1&resourceVersion=${rv}`, method: 'GET', ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            const m = line.match(/"sentAt":"([\d.]+)"/);
            if (m) {
              latencies.push(performance.now() - Number(m[1]));
              delivered++;
            }
          }
        });
        resolve(req);
      });
      req.on('error', reject);
      req.end();
    })));
    const rssWithWatchers = rssMiB(pid);

    const update = (i: number) => call('PATCH', `/api/v1/namespaces/bench/configmaps/cm-${i}`, { data: { sentAt: String(performance.now()) } }, 'application/merge-patch+json');
    const cpu1 = cpuSeconds(pid);
    const updateSecs = await pool(objects, update);
    const cpuUpdates = cpuSeconds(pid) - cpu1;
    await new Promise((r) => setTimeout(r, 1000));
    const satLat = latencies.splice(0).sort((a, b) => a - b);
    const deliveredSat = delivered;

    // the same watchers under a paced load (a steady pacedRate writes/s), the latency a user sees
    const pacedCount = Math.min(objects, pacedRate * 5);
    const t0 = performance.now();
    const inflight: Promise<unknown>[] = [];
    for (let i = 0; i < pacedCount; i++) {
      const due = t0 + (i * 1000) / pacedRate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(update(i));
    }
    await Promise.all(inflight);
    await new Promise((r) => setTimeout(r, 1000));
    const pacedLat = latencies.splice(0).sort((a, b) => a - b);
    const rssEnd = rssMiB(pid);
    for (const s of streams) s.destroy();

    const report = {
      objects,
      watchers,
      concurrency,
      'creates/s': Math.round(objects / createSecs),
      'server CPU per create µs': Math.round((cpuCreates / objects) * 1e6),
      'updates/s (no watchers)': Math.round(objects / quietSecs),
      'updates/s (100 watchers attached)': Math.round(objects / updateSecs),
      'server CPU per update incl. fan-out to watchers µs': Math.round((cpuUpdates / objects) * 1e6),
      'watch events delivered (saturated)': `${deliveredSat} of ${objects * watchers}`,
      'watch latency saturated p50 ms': +percentile(satLat, 50).toFixed(1),
      'watch latency saturated p99 ms': +percentile(satLat, 99).toFixed(1),
      [`watch latency at ${pacedRate} writes/s p50 ms`]: +percentile(pacedLat, 50).toFixed(1),
      [`watch latency at ${pacedRate} writes/s p99 ms`]: +percentile(pacedLat, 99).toFixed(1),
      'server RSS idle MiB': +rssIdle.toFixed(1),
      'server RSS after creates MiB': +rssAfterCreate.toFixed(1),
      'server RSS with watchers MiB': +rssWithWatchers.toFixed(1),
      'server RSS end MiB': +rssEnd.toFixed(1),
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(`targets: writes/s >= 3000, watch p99 <= 50 ms, RSS <= 200 MB`);
  } finally {
    agent.destroy();
    await server.cleanup();
  }
}

await main();
