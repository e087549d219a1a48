// npm run bench:controllers - 500 StatefulSets x 3 replicas (OrderedReady, one claim each) on the
// embedded control plane, with this process playing the kubelet (marking scheduled pods Running and
// Ready through /status, as the Kubernetes controller tests do). Measures the time until every
// claim is Bound and every pod exists and is Ready, and the CPU and RSS of the controller-manager
// process (run apart from the API server here so the two can be told apart) and of the API server.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { KubeClient } from '../src/client/index.js';
import { SharedInformerFactory } from '../src/controllers/runtime/index.js';
import { silentLogger } from '../src/lib/log.js';
import { cliPath, startServerProcess } from '../test/support/server-process.js';
import { setPodRunning } from '../test/support/kubelet.js';

const sets = Number(process.env['BENCH_SETS'] ?? 500);
const replicas = Number(process.env['BENCH_REPLICAS'] ?? 3);
const timeoutMs = Number(process.env['BENCH_TIMEOUT_S'] ?? 900) * 1000;
// a node takes 110 pods, as a kubelet's default maxPods
const nodes = Math.max(3, Math.ceil((sets * replicas) / 100));

const cpuSeconds = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
const rssMiB = (pid: number): number => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN) / 1024;

async function main(): Promise<void> {
  const server = await startServerProcess({ extraArgs: ['--no-controllers', '--log-level', 'warn'] });
  const cm = spawn(process.execPath, [...(process.env['BENCH_CM_NODE_ARGS'] ?? '').split(' ').filter(Boolean), cliPath, 'controller-manager', '--data-dir', server.dataDir, '--nodes', String(nodes), '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const client = await KubeClient.fromFile(server.kubeconfigPath);
  const informers = new SharedInformerFactory(client, silentLogger());
  try {
    await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'bench' } } });
    const pods = informers.informer('/api/v1/namespaces/bench/pods');
    const claims = informers.informer('/api/v1/namespaces/bench/persistentvolumeclaims');
    const marking = new Set<string>();
    // the kubelet: a scheduled pod becomes Running and Ready
    const play = (pod: Record<string, any>): void => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const name = pod['metadata'].name as string;
      if (!pod['spec']?.nodeName || pod['status']?.phase === 'Running' || marking.has(name) || pod['metadata'].deletionTimestamp) return;
      marking.add(name);
      setPodRunning(client, 'bench', name).catch(() => undefined).finally(() => marking.delete(name));
    };
    pods.on({ add: play, update: (_o, n) => play(n) });
    informers.start();
    await informers.waitForSync();
    // wait for the virtual nodes and the default class
    for (;;) {
      const nodes = await client.request<{ items: unknown[] }>('GET', '/api/v1/nodes');
      if (nodes.items.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const cpu0 = cpuSeconds(cm.pid!);
    const srv0 = cpuSeconds(server.process.pid!);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < sets) {
        const i = next++;
        await client.request('POST', '/apis/apps/v1/namespaces/bench/statefulsets', {
          body: {
            apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: `s${i}` },
            spec: {
              serviceName: `s${i}`, replicas, selector: { matchLabels: { app: `s${i}` } },
              template: { metadata: { labels: { app: `s${i}` } }, spec: { containers: [{ name: 'redis', image: 'redis:7', resources: { requests: { cpu: '1m', memory: '1Mi' } } }] } },
              volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
            },
          },
        });
      }
    }));
    const createdMs = performance.now() - t0;
    const want = sets * replicas;
    let progress = performance.now();
    for (;;) {
      const ready = pods.list().filter((p) => p['status']?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')).length;
      const bound = claims.list().filter((c) => c['status']?.phase === 'Bound').length;
      if (ready >= want && bound >= want) break;
      if (performance.now() - t0 > timeoutMs) throw new Error(`timed out: ${ready}/${want} pods ready, ${bound}/${want} claims bound`);
      if (performance.now() - progress > 10_000) {
        progress = performance.now();
        process.stderr.write(`  ${Math.round((performance.now() - t0) / 1000)}s: ${pods.list().length} pods, ${ready} ready, ${bound} claims bound\n`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const totalMs = performance.now() - t0;
    console.log(JSON.stringify({
      statefulSets: sets,
      replicas,
      nodes,
      'StatefulSets created in s': +(createdMs / 1000).toFixed(1),
      'all pods Ready and all claims Bound in s': +(totalMs / 1000).toFixed(1),
      'pods/s': Math.round(want / (totalMs / 1000)),
      'controller-manager CPU s': +(cpuSeconds(cm.pid!) - cpu0).toFixed(1),
      'controller-manager RSS MiB': +rssMiB(cm.pid!).toFixed(0),
      'API server CPU s': +(cpuSeconds(server.process.pid!) - srv0).toFixed(1),
      'API server RSS MiB': +rssMiB(server.process.pid!).toFixed(0),
    }, null, 2));
  } finally {
    informers.stop();
    client.close();
    cm.kill('SIGTERM');
    await server.cleanup();
  }
}

await main();
