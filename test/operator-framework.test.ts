// The operator framework against a real `ordinal server --no-controllers`: a demo kind's CRD from a
// TypeBox schema (defaults, validation, printer columns, kubectl explain), a step log that survives a
// simulated operator crash, the operators' ControllerManager with its Lease, --dry-run plans, and
// `ordinal failover` waiting for the operator's answer.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { KubeClient } from '../src/client/index.js';
import { splitKey, type ControllerContext } from '../src/controllers/runtime/index.js';
import { silentLogger } from '../src/lib/log.js';
import {
  defineKind, failoverResult, installCrds, operationPersister, operatorStatusProperties, pendingFailoverRequest, persistStatus,
  printPlans, readyCondition, runSteps, setConditions, startOperation, stepDone, type KindObject, type OperatorEntry, type Operation,
} from '../src/operators/framework/index.js';
import { startOperators } from '../src/operators/index.js';
import { eventually } from './support/kube.js';
import { kubectlFor } from './support/kubectl.js';
import { cliPath, startServerProcess, type ServerProcess } from './support/server-process.js';

const widgetKind = defineKind({
  kind: 'Widget',
  plural: 'widgets',
  shortNames: ['wdg'],
  description: 'A demo kind of the operator framework test.',
  spec: Type.Object({
    size: Type.Integer({ minimum: 1, default: 3, description: 'How many parts the widget has.' }),
    mode: Type.Union([Type.Literal('fast'), Type.Literal('safe')], { default: 'safe', description: 'How it works.' }),
    config: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
  status: Type.Object({ ...operatorStatusProperties, parts: Type.Optional(Type.Integer()) }),
  printerColumns: [
    { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  ],
});
type Widget = KindObject<typeof widgetKind>;

let server: ServerProcess;
let client: KubeClient;
let home: string;
let kubectl: ReturnType<typeof kubectlFor>;
const now = (): Date => new Date();

function ordinal(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args, '--kubeconfig', server.kubeconfigPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

before(async () => {
  server = await startServerProcess({ extraArgs: ['--no-controllers'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  home = mkdtempSync(join(tmpdir(), 'ordinal-opfw-'));
  kubectl = kubectlFor(server.kubeconfigPath, home);
});

after(async () => {
  client?.close();
  await server?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('operator framework on a real API server', () => {
  it('installs the CRD (twice: idempotent) and serves the kind', async () => {
    await installCrds(client, [widgetKind]);
    await installCrds(client, [widgetKind]);
    const crd = await client.request<Record<string, any>>('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.ordinal.dev'); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(crd['spec'].versions[0].name, 'v1alpha1');
    assert.ok(crd['status'].conditions.some((c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True'));
  });

  it('applies the schema defaults and rejects invalid specs', async () => {
    const r = await kubectl.run(['apply', '-f', '-'], { input: 'apiVersion: ordinal.dev/v1alpha1\nkind: Widget\nmetadata:\n  name: w1\n' });
    assert.equal(r.code, 0, r.err);
    const w = await client.request<Widget>('GET', widgetKind.path('default', 'w1'));
    assert.deepEqual(w.spec, { size: 3, mode: 'safe' });
    const bad = await kubectl.run(['apply', '-f', '-'], { input: 'apiVersion: ordinal.dev/v1alpha1\nkind: Widget\nmetadata:\n  name: w2\nspec:\n  size: 0\n  mode: slow\n' });
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /spec\.size/);
    assert.match(bad.err, /spec\.mode/);
  });

  it('shows printer columns in kubectl get and the schema in kubectl explain', async () => {
    await persistStatus(client, widgetKind.statusPath('default', 'w1'), { conditions: setConditions(undefined, readyCondition.ready(), now(), 1) });
    const table = await kubectl.ok('get', 'wdg');
    assert.match(table, /^NAME\s+SIZE\s+READY\s+AGE/);
    assert.match(table, /\nw1\s+3\s+True\s+\d+s/);
    const explained = await kubectl.ok('explain', 'widgets.spec');
    assert.match(explained, /size\s+<integer>/);
    assert.match(explained, /How many parts the widget has/);
  });

  it('a step log survives an operator crash: a new runner resumes at the first unfinished step', async () => {
    const statusPath = widgetKind.statusPath('default', 'w1');
    const op = startOperation({ id: 'resize-1', type: 'Resize', params: { to: 5 }, steps: ['drain:part-1', 'drain:part-2', 'shrink'] }, now());
    // runner 1 dies in the middle of drain:part-2: its process is gone, so nothing more is written
    let dead = false;
    const persist1 = operationPersister(client, statusPath);
    const crash = new Error('operator killed');
    await assert.rejects(runSteps(op, async (step) => {
      if (step.name === 'drain:part-2') {
        dead = true;
        throw crash;
      }
      return stepDone();
    }, async (o) => (dead ? undefined : persist1(o))), /operator killed/);
    const stored = await client.request<Widget>('GET', widgetKind.path('default', 'w1'));
    const log = stored.status!.operation as Operation;
    assert.deepEqual(log.steps.map((s) => `${s.name}:${s.state}`), ['drain:part-1:done', 'drain:part-2:running', 'shrink:pending']);
    assert.equal(stored.status!.conditions?.[0]?.type, 'Ready', 'the rest of the status is kept');

    const ran: string[] = [];
    const persist2 = operationPersister(client, statusPath);
    const result = await runSteps(log, { drain: async (s) => (ran.push(s.name), stepDone()), shrink: async (s) => (ran.push(s.name), stepDone('5 parts')) }, persist2);
    assert.deepEqual(ran, ['drain:part-2', 'shrink']);
    assert.equal(result.finished, true);
    const after2 = await client.request<Widget>('GET', widgetKind.path('default', 'w1'));
    assert.deepEqual(after2.status!.operation!.steps.map((s) => s.state), ['done', 'done', 'done']);
    await persist2.clear();
    const cleared = await client.request<Widget>('GET', widgetKind.path('default', 'w1'));
    assert.equal(cleared.status!.operation, undefined);
  });

  it('runs operators leader-elected, prints plans for --dry-run, and answers `ordinal failover`', async () => {
    const reconciled: string[] = [];
    const demo: OperatorEntry = {
      kind: widgetKind,
      create: () => {
        // each reconciler has its own context (the dry run sets one up on its own informers)
        let ctx: ControllerContext | undefined;
        return {
          name: 'widget-operator',
          setup(c, enqueue) {
            ctx = c;
            c.informers.informer(widgetKind.listPath).on({ add: (o) => enqueue(`${o['metadata'].namespace}/${o['metadata'].name}`), update: (_o, n) => enqueue(`${n['metadata'].namespace}/${n['metadata'].name}`) });
          },
          async plan(key) {
            const { namespace, name } = splitKey(key);
            const w = ctx!.informers.informer<Widget>(widgetKind.listPath).get(namespace, name);
            if (!w) return undefined;
            return { actions: [{ type: 'ResizeWidget', to: w.spec.size, reason: 'spec.size changed' }], status: {}, waitingFor: 'nothing' };
          },
          async reconcile(key) {
            reconciled.push(key);
            const { namespace, name } = splitKey(key);
            const w = ctx!.informers.informer<Widget>(widgetKind.listPath).get(namespace, name);
            const request = w && pendingFailoverRequest(w);
            if (!request) return;
            await persistStatus(client, widgetKind.statusPath(namespace!, name), (cur) => ({
              ...(cur['status'] as object),
              failover: failoverResult(request, 'Succeeded', `${request.to} is master now`, now(), { from: 'w1-0', to: request.to }),
            }));
          },
        };
      },
    };
    const running = await startOperators({ kubeconfigPath: server.kubeconfigPath, log: silentLogger(), entries: [demo] });
    try {
      await eventually(() => reconciled.includes('default/w1') || undefined, 'w1 reconciled', 20_000);
      const lease = await client.request<Record<string, any>>('GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/ordinal-operators'); // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.ok(lease['spec'].holderIdentity);

      let printed = '';
      await printPlans(client, [demo], silentLogger(), (t) => (printed += t));
      assert.equal(printed, 'widget default/w1:\n  1. ResizeWidget to=3  -- spec.size changed\n  waiting for: nothing\n');

      // the CLI's dry run (the built-in operator list, empty until the Redis operators land) exits cleanly
      const dry = await ordinal(['operator', '--dry-run']);
      assert.equal(dry.code, 0, dry.err);

      const fo = await ordinal(['failover', 'widget', 'w1', '--to', 'w1-1', '--timeout', '30s']);
      assert.equal(fo.code, 0, fo.err);
      assert.match(fo.out, /^widget\.ordinal\.dev\/w1: failover \S+ Succeeded \(master: w1-0 -> w1-1\): w1-1 is master now\n$/);
      const notOurs = await ordinal(['failover', 'namespaces', 'default']);
      assert.notEqual(notOurs.code, 0);
      assert.match(notOurs.err, /ordinal's own kinds/);
    } finally {
      await running.stop();
    }
  });
});
