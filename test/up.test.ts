// `ordinal up` / `ordinal down` as a user runs them: up starts a real server in the background,
// applies, watches and says what is stuck; a second up reuses the server; down stops it.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { isProcessAlive, isServerFor, readServerState } from '../src/cli/up/server-state.js';
import { cliPath } from './support/server-process.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let dataDir: string;

function ordinal(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ORDINAL_HOME: '/nonexistent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const show = (r: Run): string => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

// a set whose claim names a StorageClass that does not exist, and a pod whose image no catalog knows
const stuckYaml = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 6379}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: redis}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      storageClassName: no-such-class
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: bad-image}
spec:
  containers: [{name: app, image: no-such-image-xyz}]
`;

const emptySetYaml = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: idle}
spec:
  serviceName: idle
  replicas: 0
  selector: {matchLabels: {app: idle}}
  template:
    metadata: {labels: {app: idle}}
    spec:
      containers: [{name: app, image: redis}]
`;

async function stopLeftover(): Promise<void> {
  const state = readServerState(dataDir);
  if (!state || !isServerFor(state.pid, dataDir)) return;
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isProcessAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isProcessAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
}

describe('ordinal up and down', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-test-up-'));
    dataDir = join(dir, 'data');
    writeFileSync(join(dir, 'stuck.yaml'), stuckYaml);
    writeFileSync(join(dir, 'idle.yaml'), emptySetYaml);
  });
  after(async () => {
    await stopLeftover();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts nothing when a file cannot be read', async () => {
    const r = await ordinal(['up', '-f', join(dir, 'missing.yaml'), '--data-dir', dataDir]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /missing\.yaml" does not exist/);
    assert.equal(existsSync(join(dataDir, 'apiserver.json')), false);
  });

  it('starts a server in the background, applies and says what is stuck (exit 1)', async () => {
    const r = await ordinal(['up', '-f', join(dir, 'stuck.yaml'), '--data-dir', dataDir, '--nodes', '3', '--server-arg=--listen=127.0.0.1:0', '--stuck-after', '3s', '--timeout', '90s']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /started ordinal server \(pid \d+, https:\/\/127\.0\.0\.1:\d+\) for .*; its log: .*server\.log/);
    assert.match(r.stdout, /^service\/web created$/m);
    assert.match(r.stdout, /^statefulset\.apps\/web created$/m);
    assert.match(r.stdout, /^pod\/bad-image created$/m);
    assert.match(r.stdout, /statefulset\/web: 0\/2 ready/);
    assert.match(r.stdout, /^stuck: nothing has moved for/m);
    // the claim names the reason (whichever of the volume controller's event or our own check came first)
    assert.match(r.stdout, /persistentvolumeclaim\/data-web-0: (ProvisioningFailed|NoStorageClass): .*no-such-class/);
    // the pod of the set cannot be placed while its claim is unbound
    assert.match(r.stdout, /pod\/web-0: (FailedScheduling|Pending): /);
    // with node agents the image cannot be pulled; without them the pod waits on its node
    assert.match(r.stdout, /pod\/bad-image: (ErrImagePull|ImagePullBackOff|Scheduled|Pending|FailedScheduling): /);
    // the summary
    assert.match(r.stdout, /DNS: web-0\.web\.default\.svc\.cluster\.local/);
    assert.match(r.stdout, /data-web-0\s+Pending\s+<none>\s+1Gi\s+no-such-class/);
    assert.match(r.stdout, new RegExp(`ordinal down --data-dir ${dataDir}`));
    // the server outlives up, logging to DATA_DIR/server.log (0600)
    const state = readServerState(dataDir);
    assert.ok(state && isServerFor(state.pid, dataDir), 'the server keeps running after up exits');
    assert.equal(statSync(join(dataDir, 'server.log')).mode & 0o777, 0o600);
    assert.match(readFileSync(join(dataDir, 'server.log'), 'utf8'), /API server listening/);
  });

  it('reuses the running server and exits 0 once what it applied is ready', async () => {
    const before = readServerState(dataDir);
    const again = await ordinal(['up', '-f', join(dir, 'stuck.yaml'), '--data-dir', dataDir, '--stuck-after', '2s', '--timeout', '60s']);
    assert.equal(again.code, 1, show(again));
    assert.match(again.stdout, new RegExp(`using the ordinal server already running for ${dataDir} \\(pid ${before?.pid}`));
    assert.match(again.stdout, /^statefulset\.apps\/web unchanged$/m);
    const idle = await ordinal(['up', '-f', join(dir, 'idle.yaml'), '--data-dir', dataDir, '--timeout', '60s']);
    assert.equal(idle.code, 0, show(idle));
    assert.match(idle.stdout, /^statefulset\.apps\/idle created$/m);
    assert.match(idle.stdout, /^ready in \d+s$/m);
    assert.match(idle.stdout, /^statefulset\/idle {2}0\/0 ready$/m);
    assert.equal(readServerState(dataDir)?.pid, before?.pid);
  });

  it('waits for an operator\'s kind: the RedisCluster example is applied once its CRD is served and up exits 0 when the operator says Ready', async () => {
    const example = fileURLToPath(new URL('../../examples/operators/redis-cluster.yaml', import.meta.url));
    const r = await ordinal(['up', '-f', example, '--data-dir', dataDir, '--timeout', '180s']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^rediscluster\.ordinal\.dev\/redis-app created$/m);
    assert.match(r.stdout, /rediscluster\/redis-app: (WaitingForPods|Bootstrapping): /, 'what the operator waits for is shown');
    assert.match(r.stdout, /^rediscluster\/redis-app {2}Ready: 3 masters, 3 replicas in sync, all 16384 slots covered$/m);
    assert.match(r.stdout, /ordinal describe --data-dir \S+ rediscluster redis-app/);
  });

  it('down stops the server and keeps the data; a second down has nothing to stop', async () => {
    const state = readServerState(dataDir);
    assert.ok(state);
    const r = await ordinal(['down', '--data-dir', dataDir]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, `stopped ordinal server (pid ${state.pid}); data kept in ${dataDir}\n`);
    assert.equal(isProcessAlive(state.pid), false);
    assert.equal(existsSync(join(dataDir, 'apiserver.json')), false);
    assert.ok(existsSync(join(dataDir, 'state.db')), 'the data is kept');
    const second = await ordinal(['down', '--data-dir', dataDir]);
    assert.equal(second.code, 0, show(second));
    assert.match(second.stdout, /no ordinal server runs for .*; nothing to stop/);
  });
});
