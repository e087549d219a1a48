import type { Command } from 'commander';
import { ApiRequestError, isNotFound, type KubeClient } from '../../client/index.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type ConnectionFlags } from './connection.js';
import { registerCordonCommands, setNodeUnschedulable } from './cordon.js';
import { print, runAction } from './run-action.js';
import { setTimeout as sleep } from 'node:timers/promises';

interface DrainFlags extends ConnectionFlags {
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  force?: boolean;
  gracePeriod: string;
  timeout: string;
  podSelector?: string;
  disableEviction?: boolean;
}

type Pod = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kubectl retries an eviction that a PodDisruptionBudget refused (429) this often. */
const evictionRetryMs = 5000;
const deletePollMs = 1000;

/** A Go-style duration ("90s", "5m", "1m30s", "500ms", "0"); a bare number is seconds. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  let rest = t;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) throw new CliError(`invalid duration "${text}" (use e.g. 30s, 5m, 1m30s)`);
    ms += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return ms;
}

const podRef = (p: Pod): string => `${p['metadata'].namespace}/${p['metadata'].name}`;

/** kubectl drain's pod filters: what is deleted, what is skipped with a warning, what stops the drain. */
export function classifyPods(pods: Pod[], flags: Pick<DrainFlags, 'ignoreDaemonsets' | 'deleteEmptydirData' | 'force'>): { evict: Pod[]; warnings: string[]; errors: string[] } {
  const evict: Pod[] = [];
  const warn = new Map<string, string[]>();
  const fail = new Map<string, string[]>();
  const note = (m: Map<string, string[]>, what: string, p: Pod): void => void m.set(what, [...(m.get(what) ?? []), podRef(p)]);
  for (const p of pods) {
    if (p['metadata']?.annotations?.['kubernetes.io/config.mirror']) continue; // a static pod: the kubelet owns it
    const phase = p['status']?.phase;
    const finished = phase === 'Succeeded' || phase === 'Failed';
    const controller = (p['metadata']?.ownerReferences ?? []).find((o: Pod) => o['controller']);
    if (controller?.kind === 'DaemonSet' && !finished) {
      if (flags.ignoreDaemonsets) note(warn, 'ignoring DaemonSet-managed Pods', p);
      else note(fail, 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)', p);
      continue;
    }
    let blocked = false;
    if (!finished && (p['spec']?.volumes ?? []).some((v: Pod) => v['emptyDir'])) {
      if (flags.deleteEmptydirData) note(warn, 'deleting Pods with local storage', p);
      else {
        note(fail, 'cannot delete Pods with local storage (use --delete-emptydir-data to override)', p);
        blocked = true;
      }
    }
    if (!finished && !controller) {
      if (flags.force) note(warn, 'deleting Pods that declare no controller', p);
      else {
        note(fail, 'cannot delete Pods that declare no controller (use --force to override)', p);
        blocked = true;
      }
    }
    if (!blocked) evict.push(p);
  }
  const join = (m: Map<string, string[]>): string[] => [...m].map(([what, refs]) => `${what}: ${refs.join(', ')}`);
  return { evict, warnings: join(warn), errors: join(fail) };
}

/** The reason a budget gave (429), naming it: "The disruption budget zk-pdb needs 2 healthy pods and has 2 currently". */
function budgetMessage(err: ApiRequestError): string {
  const causes = (err.details?.causes ?? []).map((c) => c.message).filter(Boolean);
  return [err.message, ...causes].join(' ');
}

interface Deadline {
  atMs: number;
  text: string;
}

/** Evict (or delete) one pod, retrying while a budget refuses, then wait until it is gone. */
async function evictAndWait(client: KubeClient, pod: Pod, graceSeconds: number | undefined, deadline: Deadline, disableEviction: boolean): Promise<void> {
  const { name, namespace, uid } = pod['metadata'];
  const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
  const deleteOptions = graceSeconds !== undefined ? { gracePeriodSeconds: graceSeconds } : {};
  print(`${disableEviction ? 'deleting' : 'evicting'} pod ${namespace}/${name}\n`);
  for (;;) {
    try {
      if (disableEviction) await client.request('DELETE', path, { body: { apiVersion: 'v1', kind: 'DeleteOptions', ...deleteOptions } });
      else await client.request('POST', `${path}/eviction`, { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, deleteOptions } });
      break;
    } catch (err) {
      if (isNotFound(err)) break;
      if (!(err instanceof ApiRequestError) || err.status !== 429) throw new CliError(`error when evicting pods/"${name}" -n "${namespace}": ${(err as Error).message}`, { cause: err });
      const why = budgetMessage(err);
      if (Date.now() + evictionRetryMs > deadline.atMs) {
        throw new CliError(`error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${deadline.text}: ${why}`);
      }
      process.stderr.write(`error when evicting pods/"${name}" -n "${namespace}" (will retry after ${evictionRetryMs / 1000}s): ${why}\n`);
      await sleep(evictionRetryMs);
    }
  }
  for (;;) {
    try {
      const now = await client.request<Pod>('GET', path);
      if (now['metadata']?.uid !== uid) break;
    } catch (err) {
      if (isNotFound(err)) break;
      throw err;
    }
    if (Date.now() >= deadline.atMs) throw new CliError(`error when waiting for pod "${name}" in namespace "${namespace}" to terminate: global timeout reached: ${deadline.text}`);
    await sleep(deletePollMs);
  }
  print(`pod/${name} ${disableEviction ? 'deleted' : 'evicted'}\n`);
}

async function drainNode(client: KubeClient, node: string, flags: DrainFlags): Promise<void> {
  const timeoutMs = parseDuration(flags.timeout);
  const deadline: Deadline = { atMs: timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY, text: flags.timeout };
  const grace = Number(flags.gracePeriod);
  if (!Number.isInteger(grace)) throw new CliError(`--grace-period must be an integer, got "${flags.gracePeriod}"`);
  await setNodeUnschedulable(client, node, true);
  const query: Record<string, string> = { fieldSelector: `spec.nodeName=${node}` };
  if (flags.podSelector) query['labelSelector'] = flags.podSelector;
  const list = await client.request<{ items?: Pod[] }>('GET', '/api/v1/pods', { query });
  const { evict, warnings, errors } = classifyPods(list.items ?? [], flags);
  if (errors.length > 0) {
    throw new CliError(`unable to drain node "${node}" due to error: ${errors.join(', ')}\nThere are pending nodes to be drained:\n ${node}`);
  }
  if (warnings.length > 0) process.stderr.write(`Warning: ${warnings.join('; ')}\n`);
  const results = await Promise.allSettled(evict.map((p) => evictAndWait(client, p, grace >= 0 ? grace : undefined, deadline, flags.disableEviction ?? false)));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
  if (failed.length > 0) {
    const pending = evict.filter((_, i) => results[i]!.status === 'rejected').map((p) => `${podRef(p)}`);
    throw new CliError(`unable to drain node "${node}" due to error: ${failed.join(', ')}\nThere are pending pods in node "${node}": ${pending.join(', ')}`);
  }
  print(`node/${node} drained\n`);
}

/** `drain NODE`: cordon, then evict every pod through the eviction API (honouring PodDisruptionBudgets) and wait until they are gone. */
export function registerDrain(program: Command): void {
  const cmd = program
    .command('drain')
    .description('cordon a node, then evict its pods (PodDisruptionBudgets are honoured; refused evictions are retried)')
    .argument('<node>', 'the node to drain')
    .option('--ignore-daemonsets', 'skip DaemonSet-managed pods instead of refusing to drain')
    .option('--delete-emptydir-data', 'evict pods with emptyDir volumes (their data is lost)')
    .option('--force', 'also evict pods that no controller will recreate')
    .option('--grace-period <seconds>', 'termination grace period for each pod (-1: the pod\'s own)', '-1')
    .option('--timeout <duration>', 'give up after this long, e.g. 5m (0: wait forever)', '0s')
    .option('--pod-selector <selector>', 'only evict pods matching this label selector')
    .option('--disable-eviction', 'delete pods directly, bypassing PodDisruptionBudgets');
  addConnectionOptions(cmd).action(
    runAction(async (node: string, flags: DrainFlags) => {
      const conn = await connect(flags);
      await drainNode(conn.client, node, flags);
    }),
  );
}

/** `cordon NODE`, `uncordon NODE` and `drain NODE`: the node maintenance verbs. */
export function registerNodeCommands(program: Command): void {
  registerCordonCommands(program);
  registerDrain(program);
}
