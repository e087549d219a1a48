// Logs and exec end to end: REAL kubectl -> a real `ordinal server` (API only) -> the node agent's
// KubeletServer running in this test, whose containers are real `sh` processes writing real log
// files. The test registers the Node (InternalIP + kubeletEndpoint port) and binds the pods itself.
// kubectl runs asynchronously: the kubelet server lives in this process and must keep serving.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ProcessPodStreams } from '../src/agent/streaming/process-pod-streams.test-util.js';
import { KubeletServer } from '../src/agent/streaming/index.js';
import { KubeClient } from '../src/client/index.js';
import { silentLogger } from '../src/lib/log.js';
import { cliPath, startServerProcess, type ServerProcess } from './support/server-process.js';

const ns = 'default';
const nodeName = 'stream-node';
let server: ServerProcess;
let client: KubeClient;
let kubelet: KubeletServer;
let streams: ProcessPodStreams;
let work: string;
let kubeletPort = 0;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function run(cmd: string, args: string[], input?: string, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, HOME: work, KUBECONFIG: server.kubeconfigPath }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end(input ?? '');
  });
}

const kubectl = (args: string[], input?: string): Promise<Run> => run('kubectl', args, input);

/** The real `ordinal` CLI; argv[0] is the verb and --kubeconfig goes right after it (before any `--`). */
function ordinalArgs(args: string[]): string[] {
  return [cliPath, args[0]!, '--kubeconfig', server.kubeconfigPath, ...args.slice(1)];
}

const ordinal = (args: string[], input?: string): Promise<Run> => run(process.execPath, ordinalArgs(args), input);

function pod(name: string, containers: string[], bound = true): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { ...(bound ? { nodeName } : {}), containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
  };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ordinal-streams-'));
  server = await startServerProcess({ extraArgs: ['--no-controllers'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  const token = readFileSync(join(server.dataDir, 'token'), 'utf8').trim();
  streams = new ProcessPodStreams(work);
  kubelet = new KubeletServer({ token, streams, log: silentLogger(), logPollMs: 100 });
  const { port } = await kubelet.start({ host: '127.0.0.1', port: 0 });
  kubeletPort = port;

  const node = await client.request<Record<string, any>>('POST', '/api/v1/nodes', { body: { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName } } }); // eslint-disable-line @typescript-eslint/no-explicit-any
  node['status'] = { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: nodeName }], daemonEndpoints: { kubeletEndpoint: { Port: port } } };
  await client.request('PUT', `/api/v1/nodes/${nodeName}/status`, { body: node });
  for (const p of [pod('web', ['main']), pod('two', ['a', 'b']), pod('counter', ['c']), pod('unbound', ['main'], false)]) {
    await client.request('POST', `/api/v1/namespaces/${ns}/pods`, { body: p });
  }
  streams.addPod(ns, 'web', ['main']);
  streams.addPod(ns, 'two', ['a', 'b']);
  streams.addPod(ns, 'counter', ['c']);
  await streams.startContainer(ns, 'web', 'main', 'for i in 1 2 3 4 5; do echo line$i; done').exited;
  streams.startContainer(ns, 'web', 'main', 'echo second; exec sleep 60');
  streams.startContainer(ns, 'two', 'a', 'echo I am a; exec sleep 60');
  streams.startContainer(ns, 'two', 'b', 'echo I am b; exec sleep 60');
  await new Promise((r) => setTimeout(r, 100));
});

after(async () => {
  await kubelet?.stop();
  streams?.killAll();
  client?.close();
  await server?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('pods/log through the API server', () => {
  it('kubectl logs: current, previous, tail, a chosen container', async () => {
    assert.deepEqual(await kubectl(['logs', 'web']), { code: 0, out: 'second\n', err: '' });
    assert.equal((await kubectl(['logs', 'web', '-p'])).out, 'line1\nline2\nline3\nline4\nline5\n');
    assert.equal((await kubectl(['logs', 'web', '--previous', '--tail=2'])).out, 'line4\nline5\n');
    assert.equal((await kubectl(['logs', 'two', '-c', 'b'])).out, 'I am b\n');
    assert.equal((await kubectl(['logs', 'pod/web', '--limit-bytes=3'])).out, 'sec');
  });

  it('kubectl logs -f streams until the container is no longer running', async () => {
    streams.startContainer(ns, 'counter', 'c', 'for i in 1 2 3 4; do echo tick$i; sleep 0.3; done');
    const started = Date.now();
    const r = await kubectl(['logs', '-f', 'counter']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'tick1\ntick2\ntick3\ntick4\n');
    assert.ok(Date.now() - started >= 800, 'kubectl followed the running container');
  });

  it('a follower that goes away ends the stream on the node agent too', async () => {
    const child = spawn('kubectl', ['logs', '-f', 'web'], { env: { ...process.env, HOME: work, KUBECONFIG: server.kubeconfigPath } });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('second') && resolve()));
    const connections = async (): Promise<number> => (await run('ss', ['-Htn', 'state', 'established', `( sport = :${kubeletPort} )`])).out.trim().split('\n').filter(Boolean).length;
    assert.equal(await connections(), 1, 'the API server reads the log from the kubelet server');
    child.kill('SIGKILL');
    for (let i = 0; i < 50 && (await connections()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await connections(), 0, 'the proxied request was aborted');
  });

  it('answers kube-apiserver errors for bad requests', async () => {
    const unbound = await kubectl(['logs', 'unbound']);
    assert.equal(unbound.code, 1);
    assert.match(unbound.err, /Error from server \(BadRequest\): pod unbound does not have a host assigned/);
    assert.match((await kubectl(['logs', 'web', '-c', 'nope'])).err, /container nope is not valid for pod web/);
    assert.match((await kubectl(['logs', 'ghost'])).err, /pods "ghost" not found/);
    const noPrevious = await kubectl(['logs', 'two', '-c', 'a', '-p']);
    assert.match(noPrevious.err, /Error from server \(BadRequest\): previous terminated container "a" in pod "two" not found/);
    const raw = await client.request('GET', `/api/v1/namespaces/${ns}/pods/two/log`).catch((e: unknown) => e);
    assert.match(String((raw as Error).message), /a container name must be specified for pod two, choose one of: \[a b\]/);
  });

  it('ordinal logs', async () => {
    assert.deepEqual(await ordinal(['logs', 'web', '-p', '--tail', '1']), { code: 0, out: 'line5\n', err: '' });
    const two = await ordinal(['logs', 'two']);
    assert.equal(two.out, 'I am a\n');
    assert.match(two.err, /Defaulted container "a" out of: a, b/);
    assert.match((await ordinal(['logs', 'unbound'])).err, /pod unbound does not have a host assigned/);
  });
});

describe('pods/exec through the API server', () => {
  it('kubectl exec returns the command\'s output and exit code', async () => {
    const r = await kubectl(['exec', 'web', '--', 'sh', '-c', 'echo hi; echo oops >&2; exit 3']);
    assert.equal(r.code, 3, r.err);
    assert.equal(r.out, 'hi\n');
    assert.match(r.err, /oops/);
    assert.equal((await kubectl(['exec', 'two', '-c', 'b', '--', 'true'])).code, 0);
  });

  it('kubectl exec -i passes stdin and closes it', async () => {
    const r = await kubectl(['exec', '-i', 'web', '--', 'sh', '-c', 'tr a-z A-Z; echo end'], 'hello\nworld\n');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'HELLO\nWORLD\nend\n');
  });

  it('kubectl exec -it runs on a terminal', async () => {
    const line = `kubectl --kubeconfig ${server.kubeconfigPath} exec -it web -- sh -c 'test -t 0 && test -t 1 && echo on-a-tty; exit 4'`;
    const r = await run('script', ['-qec', line, '/dev/null']);
    assert.match(r.out, /on-a-tty/);
    assert.equal(r.code, 4, r.out + r.err);
  });

  it('refuses what it does not serve, as kube-apiserver would', async () => {
    const bad = await kubectl(['exec', 'unbound', '--', 'true']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /pod unbound does not have a host assigned/);
    assert.match((await kubectl(['exec', 'web', '-c', 'nope', '--', 'true'])).err, /container nope is not valid for pod web/);
    const plain = await client.request('POST', `/api/v1/namespaces/${ns}/pods/web/exec?command=true`).catch((e: unknown) => e);
    assert.equal((plain as { status?: number }).status, 400);
    assert.match(String((plain as Error).message), /Upgrade request required/);
    const attach = await client.request('POST', `/api/v1/namespaces/${ns}/pods/web/attach`).catch((e: unknown) => e);
    assert.match(String((attach as Error).message), /attach is not supported/);
  });

  it('ordinal exec: exit code, stdin, errors', async () => {
    const r = await ordinal(['exec', 'web', '--', 'sh', '-c', 'echo hi; exit 5']);
    assert.equal(r.code, 5, r.err);
    assert.equal(r.out, 'hi\n');
    const i = await ordinal(['exec', '-i', 'web', '--', 'tr', 'a-z', 'A-Z'], 'quiet\n');
    assert.deepEqual(i, { code: 0, out: 'QUIET\n', err: '' });
    const shellWords = (words: string[]): string => words.map((w) => `'${w}'`).join(' ');
    const tty = await run('script', ['-qec', shellWords([process.execPath, ...ordinalArgs(['exec', '-it', 'web', '--', 'sh', '-c', 'test -t 0 && echo on-a-tty; exit 6'])]), '/dev/null']);
    assert.match(tty.out, /on-a-tty/);
    assert.equal(tty.code, 6, tty.out + tty.err);
    const missing = await ordinal(['exec', 'ghost', '--', 'true']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Error from server \(NotFound\): pods "ghost" not found/);
  });
});
