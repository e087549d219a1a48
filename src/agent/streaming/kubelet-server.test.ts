import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { channel, execProtocols, frame, type ExecStatus } from '../../client/exec-protocol.js';
import { silentLogger } from '../../lib/log.js';
import { KubeletServer } from './kubelet-server.js';
import { ProcessPodStreams } from './process-pod-streams.test-util.js';

const token = 'test-token-123';
const ns = 'default';

interface HttpAnswer {
  status: number;
  body: string;
}

function get(port: number, path: string, auth = token): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: auth ? { Authorization: `Bearer ${auth}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface ExecResult {
  protocol: string;
  stdout: string;
  stderr: string;
  status: ExecStatus | undefined;
}

/** A raw channel-protocol client: optional stdin sent after open, then (v5) closed with [255, 0]. */
function exec(port: number, path: string, options: { protocols?: string[]; stdin?: string; resize?: string } = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, options.protocols ?? [execProtocols.v5, execProtocols.v4], { headers: { Authorization: `Bearer ${token}` } });
    const out: ExecResult = { protocol: '', stdout: '', stderr: '', status: undefined };
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(Object.assign(new Error(body), { status: res.statusCode })));
    });
    ws.on('open', () => {
      out.protocol = ws.protocol;
      if (options.resize) ws.send(frame(channel.resize, options.resize));
      if (options.stdin !== undefined) {
        ws.send(frame(channel.stdin, options.stdin));
        ws.send(Buffer.from([channel.close, channel.stdin]));
      }
    });
    ws.on('message', (data: Buffer) => {
      const body = data.subarray(1).toString();
      if (data[0] === channel.stdout) out.stdout += body;
      else if (data[0] === channel.stderr) out.stderr += body;
      else if (data[0] === channel.error) out.status = JSON.parse(body) as ExecStatus;
    });
    ws.on('close', () => resolve(out));
    ws.on('error', (err) => reject(err));
  });
}

const q = (cmd: string[], extra = 'stdout=true&stderr=true'): string => `${cmd.map((c) => `command=${encodeURIComponent(c)}`).join('&')}&${extra}`;

describe('KubeletServer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-kubelet-'));
  const streams = new ProcessPodStreams(dir);
  const server = new KubeletServer({ token, streams, log: silentLogger(), logPollMs: 50 });
  let port = 0;

  before(async () => {
    port = (await server.start({ host: '127.0.0.1', port: 0 })).port;
    streams.addPod(ns, 'web', ['main']);
    streams.addPod(ns, 'two', ['a', 'b']);
    await streams.startContainer(ns, 'web', 'main', 'for i in 1 2 3 4 5; do echo line$i; done').exited;
    streams.startContainer(ns, 'web', 'main', 'echo second; exec sleep 30');
  });
  after(async () => {
    await server.stop();
    streams.killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the log, its tail, a byte limit and the previous instance', async () => {
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await get(port, `/containerLogs/${ns}/web/main`), { status: 200, body: 'second\n' });
    const prev = await get(port, `/containerLogs/${ns}/web/main?previous=true`);
    assert.equal(prev.body, 'line1\nline2\nline3\nline4\nline5\n');
    assert.equal((await get(port, `/containerLogs/${ns}/web/main?previous=true&tailLines=2`)).body, 'line4\nline5\n');
    assert.equal((await get(port, `/containerLogs/${ns}/web/main?previous=true&tailLines=0`)).body, '');
    assert.equal((await get(port, `/containerLogs/${ns}/web/main?previous=true&tailLines=99`)).body, prev.body);
    assert.equal((await get(port, `/containerLogs/${ns}/web/main?previous=true&limitBytes=8`)).body, 'line1\nli');
    assert.equal((await get(port, `/containerLogs/${ns}/web/?previous=1&timestamps=true&sinceSeconds=5`)).body, prev.body);
  });

  it('follows a running container until it ends', async () => {
    streams.addPod(ns, 'counter', ['c']);
    streams.startContainer(ns, 'counter', 'c', 'for i in 1 2 3; do echo tick$i; sleep 0.2; done');
    const started = Date.now();
    const res = await get(port, `/containerLogs/${ns}/counter/c?follow=true`);
    assert.equal(res.body, 'tick1\ntick2\ntick3\n');
    assert.ok(Date.now() - started >= 350, 'the follow waited for the container');
    assert.equal((await get(port, `/containerLogs/${ns}/counter/c?follow=true&tailLines=1`)).body, 'tick3\n');
  });

  it('answers errors with the status and message of PodStreams', async () => {
    assert.deepEqual(await get(port, `/containerLogs/${ns}/web/main`, ''), { status: 401, body: 'Unauthorized' });
    assert.deepEqual(await get(port, `/containerLogs/${ns}/web/main`, 'wrong'), { status: 401, body: 'Unauthorized' });
    assert.equal((await get(port, `/containerLogs/${ns}/nope/main`)).status, 404);
    assert.deepEqual(await get(port, `/containerLogs/${ns}/two/`), { status: 400, body: 'a container name must be specified for pod two, choose one of: [a b]' });
    assert.deepEqual(await get(port, `/containerLogs/${ns}/web/main?tailLines=-1`), { status: 400, body: 'tailLines: Invalid value: "-1": must be greater than or equal to 0' });
    assert.equal((await get(port, '/nothing/here')).status, 404);
    assert.deepEqual(await get(port, `/exec/${ns}/web/main?command=ls`), { status: 400, body: 'Upgrade request required' });
  });

  it('execs with v5: output channels and the exit code in the status', async () => {
    const r = await exec(port, `/exec/${ns}/web/main?${q(['sh', '-c', 'echo out; echo err >&2; exit 3'])}`);
    assert.equal(r.protocol, execProtocols.v5);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.equal(r.status?.status, 'Failure');
    assert.equal(r.status?.reason, 'NonZeroExitCode');
    assert.deepEqual(r.status?.details?.causes, [{ reason: 'ExitCode', message: '3' }]);
    const ok = await exec(port, `/exec/${ns}/web/main?${q(['true'])}`);
    assert.deepEqual(ok.status, { metadata: {}, status: 'Success' });
  });

  it('feeds stdin and ends it on the v5 close message', async () => {
    const r = await exec(port, `/exec/${ns}/web/main?${q(['sh', '-c', 'tr a-z A-Z; echo done'], 'stdin=true&stdout=true&stderr=true')}`, { stdin: 'hello\n' });
    assert.equal(r.stdout, 'HELLO\ndone\n');
    assert.equal(r.status?.status, 'Success');
  });

  it('negotiates v4 and runs with a terminal', async () => {
    const r = await exec(port, `/exec/${ns}/web/main?${q(['sh', '-c', 'test -t 1 && echo tty; sleep 0.1'], 'stdout=true&tty=true')}`, { protocols: [execProtocols.v4], resize: '{"Width":120,"Height":40}' });
    assert.deepEqual(streams.resizes.at(-1), { cols: 120, rows: 40 });
    assert.equal(r.protocol, execProtocols.v4);
    assert.equal(r.stdout.trim(), 'tty');
    assert.equal(r.status?.status, 'Success');
  });

  it('refuses before the upgrade: unknown pod, no command, unsupported protocol, attach', async () => {
    await assert.rejects(exec(port, `/exec/${ns}/nope/main?${q(['true'])}`), { status: 404, message: `pod "nope" in namespace "${ns}" not found on this node` });
    await assert.rejects(exec(port, `/exec/${ns}/web/main?stdout=true`), { status: 400, message: 'you must specify at least one command for the container' });
    await assert.rejects(exec(port, `/exec/${ns}/web/main?${q(['true'])}`, { protocols: ['channel.k8s.io'] }), { status: 400 });
    await assert.rejects(exec(port, `/attach/${ns}/web/main?stdout=true`), { status: 400, message: 'attach is not supported' });
  });

  it('kills the process when the client goes away', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/exec/${ns}/web/main?${q(['sh', '-c', 'echo $$; exec sleep 30'])}`, [execProtocols.v5], { headers: { Authorization: `Bearer ${token}` } });
    const pid = await new Promise<number>((resolve) => ws.on('message', (d: Buffer) => resolve(Number(d.subarray(1).toString().trim()))));
    ws.terminate();
    const gone = async (): Promise<boolean> => {
      for (let i = 0; i < 40; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return true;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    assert.ok(await gone(), 'the exec process was killed');
  });
});
