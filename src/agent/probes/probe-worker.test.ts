import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { ProbeWorker, type ProbeTimers } from './probe-worker.js';
import { shExec } from './sh-exec.test-util.js';
import type { ProbeResult, ProbeTarget } from './types.js';

/** Timers driven by the test: advance(ms) runs what falls due, letting async probe attempts settle. */
class FakeTimers implements ProbeTimers {
  private t = 0;
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const next = [...this.pending.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next || next[1].at > end) break;
      this.pending.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
}

const target: ProbeTarget = { podIP: '127.0.0.1', containerPorts: [], exec: shExec };

function scripted(timers: FakeTimers, results: Array<'success' | 'failure'>): { run: (p: KubeObject, t: ProbeTarget) => Promise<ProbeResult>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    run: async () => {
      calls.push(timers.now());
      const r = results[calls.length - 1] ?? results[results.length - 1]!;
      return { result: r, output: `attempt ${calls.length}` };
    },
  };
}

describe('ProbeWorker', () => {
  it('readiness: not ready at first, probes after initialDelay every period, honours both thresholds', async () => {
    const timers = new FakeTimers();
    const s = scripted(timers, ['failure', 'success', 'success', 'failure', 'failure', 'success', 'failure', 'failure', 'failure']);
    const changes: string[] = [];
    const w = new ProbeWorker({ kind: 'readiness', probe: { initialDelaySeconds: 5, periodSeconds: 10, successThreshold: 2, failureThreshold: 3 }, target, timers, run: s.run, startedAt: 0, onChange: (h, o) => changes.push(`${timers.now()}:${h}:${o}`) });
    assert.equal(w.healthy, false);
    w.start();
    await timers.advance(4_999);
    assert.deepEqual(s.calls, []);
    await timers.advance(90_001);
    assert.deepEqual(s.calls, [5_000, 15_000, 25_000, 35_000, 45_000, 55_000, 65_000, 75_000, 85_000, 95_000]);
    assert.deepEqual(changes, ['25000:true:attempt 3', '85000:false:attempt 9']);
    w.stop();
    await timers.advance(100_000);
    assert.equal(s.calls.length, 10);
  });

  it('liveness: healthy at first, reports a failure after failureThreshold, then holds', async () => {
    const timers = new FakeTimers();
    const s = scripted(timers, ['success', 'failure', 'success', 'failure', 'failure']);
    const changes: boolean[] = [];
    const w = new ProbeWorker({ kind: 'liveness', probe: { failureThreshold: 2 }, target, timers, run: s.run, onChange: (h) => changes.push(h) });
    assert.equal(w.healthy, true);
    w.start();
    await timers.advance(100_000);
    assert.deepEqual(s.calls, [0, 10_000, 20_000, 30_000, 40_000]);
    assert.deepEqual(changes, [false]);
    assert.equal(w.lastOutput, 'attempt 5');
  });

  it('startup: reports the first failure past the threshold even though it never started', async () => {
    const timers = new FakeTimers();
    const s = scripted(timers, ['failure']);
    const changes: boolean[] = [];
    const w = new ProbeWorker({ kind: 'startup', probe: { periodSeconds: 1, failureThreshold: 3 }, target, timers, run: s.run, onChange: (h) => changes.push(h) });
    w.start();
    await timers.advance(10_000);
    assert.deepEqual(changes, [false]);
    assert.equal(s.calls.length, 3);
  });

  it('startup: gates readiness; trigger() probes at once when it has started; startup stops after success', async () => {
    const timers = new FakeTimers();
    const startup = scripted(timers, ['failure', 'success']);
    const ready = scripted(timers, ['success']);
    let started = false;
    const readiness = new ProbeWorker({ kind: 'readiness', probe: { periodSeconds: 10 }, target, timers, run: ready.run, isStarted: () => started, onChange: () => undefined });
    const w = new ProbeWorker({ kind: 'startup', probe: { periodSeconds: 3 }, target, timers, run: startup.run, onChange: (h) => {
      started = h;
      if (h) readiness.trigger();
    } });
    w.start();
    readiness.start();
    await timers.advance(4_000);
    assert.deepEqual(startup.calls, [0, 3_000]);
    assert.deepEqual(ready.calls, [3_000]);
    assert.equal(readiness.healthy, true);
    await timers.advance(30_000);
    assert.equal(startup.calls.length, 2);
    assert.deepEqual(ready.calls, [3_000, 13_000, 23_000, 33_000]);
  });

  it('runs a real exec probe on real timers', async () => {
    let file = 0;
    const changes: boolean[] = [];
    const w = new ProbeWorker({ kind: 'readiness', probe: { exec: { command: ['sh', '-c', 'exit 0'] } }, target, onChange: (h) => {
      changes.push(h);
      file++;
    } });
    w.start();
    const t0 = Date.now();
    while (file === 0 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
    w.stop();
    assert.deepEqual(changes, [true]);
  });

  it('runs a real httpGet probe against a loopback server', async () => {
    const server: Server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const healthy = await new Promise<boolean>((resolve) => {
        const w = new ProbeWorker({ kind: 'readiness', probe: { httpGet: { path: '/', port } }, target, onChange: (h) => {
          w.stop();
          resolve(h);
        } });
        w.start();
      });
      assert.equal(healthy, true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
