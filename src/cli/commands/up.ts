import type { Command } from 'commander';
import { kindRef } from '../../client/index.js';
import { dataDirFrom } from '../home.js';
import { humanDuration } from '../print/duration.js';
import { createOutput, type UpOutput } from '../up/output.js';
import { readClusterView } from '../up/read-view.js';
import { findRunningServer, startServerDaemon, type RunningServer } from '../up/server-daemon.js';
import { kubeconfigPathOf } from '../up/server-state.js';
import { formatSummary } from '../up/summary.js';
import { isEmpty, OPERATED_GROUP, trackedFrom } from '../up/tracked.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from './cli-error.js';
import { waitUntilReady } from '../up/wait-ready.js';
import { parseDuration } from '../up/duration.js';
import { applyOne } from './apply.js';
import { connect } from './connection.js';
import { readManifests } from './manifest-files.js';
import { resolveManifests, type ManifestTarget } from './manifest-targets.js';
import { reportError, runAction } from './run-action.js';
import { parseNodeCount } from './controller-manager.js';
import { noCephMessage, rbdUses } from '../up/ceph-usage.js';
import { readCephClusterRecord } from '../../storage/ceph-rbd/cluster-record.js';

interface UpFlags {
  filename: string[];
  recursive?: boolean;
  namespace?: string;
  dataDir?: string;
  timeout: string;
  stuckAfter: string;
  nodes?: string;
  serverArg: string[];
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

async function ensureServer(dataDir: string, opts: UpFlags, out: UpOutput): Promise<RunningServer> {
  const running = await findRunningServer(dataDir);
  if (running) {
    out.line(`using the ordinal server already running for ${dataDir} (pid ${running.pid}, ${running.url})`);
    if (opts.nodes !== undefined || opts.serverArg.length > 0) out.line('  (--nodes and --server-arg apply only to a server that up starts; stop this one with `ordinal down` to change them)');
    return running;
  }
  const nodes = String(parseNodeCount(opts.nodes ?? '3'));
  out.status(`starting ordinal server for ${dataDir}`);
  const started = await startServerDaemon({ dataDir, serverArgs: ['--nodes', nodes, ...opts.serverArg] });
  out.line(`started ordinal server (pid ${started.pid}, ${started.url}) for ${dataDir}; its log: ${started.logPath}`);
  return started;
}

/**
 * A fresh server installs the operators' CRDs a moment after it starts serving: when the files use
 * ordinal's own kinds, wait (up to 60 s) until the API serves each of them.
 */
async function waitForOwnKinds(conn: Awaited<ReturnType<typeof connect>>, manifests: Array<{ object: Record<string, unknown> }>, out: UpOutput): Promise<void> {
  const wanted = new Map<string, Set<string>>();
  for (const m of manifests) {
    const apiVersion = String(m.object['apiVersion'] ?? '');
    if (!apiVersion.startsWith(`${OPERATED_GROUP}/`)) continue;
    wanted.set(apiVersion, (wanted.get(apiVersion) ?? new Set()).add(String(m.object['kind'])));
  }
  if (wanted.size === 0) return;
  const deadline = Date.now() + 60_000;
  for (const [apiVersion, kinds] of wanted) {
    for (;;) {
      const list = await conn.client.getIfExists<{ resources?: Array<{ kind: string }> }>(`/apis/${apiVersion}`).catch(() => undefined);
      const served = new Set((list?.resources ?? []).map((r) => r.kind));
      const missing = [...kinds].filter((k) => !served.has(k));
      if (missing.length === 0) break;
      if (Date.now() > deadline) throw new CliError(`${missing.join(', ')} (${apiVersion}) not served after 60s: the operators install these kinds when \`ordinal server\` starts (see its log)`);
      out.status(`waiting for the operators to install ${missing.join(', ')}`);
      await sleep(250);
    }
  }
}

/** Files that use Ceph RBD with no Ceph configured fail before anything is applied, saying how to get one. */
async function checkCeph(conn: Awaited<ReturnType<typeof connect>>, manifests: Array<{ object: Record<string, unknown> }>, dataDir: string): Promise<void> {
  if (readCephClusterRecord(dataDir)) return;
  const classes = await conn.client.request<{ items: Record<string, unknown>[] }>('GET', '/apis/storage.k8s.io/v1/storageclasses').then((l) => l.items, () => []);
  const uses = rbdUses(manifests.map((m) => m.object), classes);
  if (uses.length > 0) throw new CliError(noCephMessage(uses, dataDir));
}

/** kubectl apply of each target; false when any failed (each failure reported as apply does). */
async function applyAll(conn: Awaited<ReturnType<typeof connect>>, targets: ManifestTarget[], out: UpOutput): Promise<boolean> {
  let ok = true;
  for (const t of targets) {
    try {
      const outcome = await applyOne(conn, t, 'none');
      out.line(`${kindRef(t.resource)}/${t.name} ${outcome}`);
    } catch (err) {
      out.end();
      reportError(err, t.secretValues);
      ok = false;
    }
  }
  return ok;
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start the control plane in the background unless it runs, apply the manifests, and wait until every StatefulSet, pod and ordinal kind (RedisCluster, ...) in them is ready (or say what is stuck)')
    .option('-f, --filename <path>', 'file or directory of manifests (repeatable)', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .option('-n, --namespace <namespace>', 'namespace for objects that name none')
    .option('--data-dir <dir>', 'data dir of the control plane (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--timeout <duration>', 'give up after this long (exit 1, saying what is not ready)', '10m')
    .option('--stuck-after <duration>', 'stop early (exit 1) when nothing has moved for this long and the cause will not pass by itself', '60s')
    .option('--nodes <n>', 'virtual nodes of a server that up starts (default 3)')
    .option('--server-arg <flag>', 'pass a flag to a server that up starts, e.g. --server-arg=--listen=127.0.0.1:7443 (repeatable)', collect, [])
    .action(
      runAction(async (opts: UpFlags) => {
        const t0 = Date.now();
        const timeoutMs = parseDuration(opts.timeout, '--timeout');
        const stuckAfterMs = parseDuration(opts.stuckAfter, '--stuck-after');
        const dataDir = dataDirFrom(opts.dataDir);
        // bad input is reported before anything starts
        const manifests = readManifests(opts.filename, opts.recursive ?? false);
        const out = createOutput();
        try {
          await ensureServer(dataDir, opts, out);
          const conn = await connect({ dataDir, namespace: opts.namespace });
          try {
            await waitForOwnKinds(conn, manifests, out);
            await checkCeph(conn, manifests, dataDir);
            const targets = await resolveManifests(conn, manifests, { allowGenerateName: false });
            if (!(await applyAll(conn, targets, out))) {
              out.line('not waiting: some objects were not applied');
              return;
            }
            const tracked = trackedFrom(targets);
            if (isEmpty(tracked)) {
              out.line('no StatefulSet, Pod or ordinal kind in the files: nothing to wait for');
              return;
            }
            const { outcome } = await waitUntilReady({ client: conn.client, tracked, out, timeoutMs: Math.max(0, timeoutMs - (Date.now() - t0)), stuckAfterMs });
            out.end();
            if (outcome === 'ready') out.line(`ready in ${humanDuration(Date.now() - t0)}`);
            else process.exitCode = 1;
            const view = await readClusterView(conn.client, tracked, { forSummary: true });
            const dataDirFlag = dataDir === dataDirFrom(undefined) ? '' : `--data-dir ${dataDir}`;
            out.line(formatSummary(view, tracked, { dataDirFlag, kubeconfigPath: kubeconfigPathOf(dataDir) }).replace(/\n$/, ''));
          } finally {
            conn.client.close();
          }
        } finally {
          out.end();
        }
      }),
    );
}
