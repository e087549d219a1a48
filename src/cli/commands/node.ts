/**
 * `ordinal node stop NODE`, `ordinal node start NODE` and `ordinal node list`: power a node off and
 * on. Stop sets the Node annotation node.ordinal.dev/stopped="true"; the node's agent then kills its
 * pods' processes, stops heartbeating and acknowledges with node.ordinal.dev/agent-state=stopped.
 * Start removes the annotation; the agent resumes and writes agent-state=running. Both wait for
 * that acknowledgement and say what happens next.
 */
import type { Command } from 'commander';
import type { KubeClient } from '../../client/index.js';
import { agentStateAnnotation, stoppedAnnotation, type AgentState } from '../../lib/node-annotations.js';
import { alignRows } from '../print/align.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type ConnectionFlags } from './connection.js';
import { parseDuration } from './drain.js';
import { print, runAction } from './run-action.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface WaitFlags extends ConnectionFlags {
  timeout: string;
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
}

const nodePath = (name: string): string => `/api/v1/nodes/${encodeURIComponent(name)}`;
const annotationsOf = (node: Obj): Record<string, string> => node['metadata']?.annotations ?? {};
const isTerminal = (pod: Obj): boolean => pod['status']?.phase === 'Succeeded' || pod['status']?.phase === 'Failed';

async function getNode(client: KubeClient, name: string): Promise<Obj> {
  const node = await client.getIfExists<Obj>(nodePath(name));
  if (!node) throw new CliError(`node "${name}" not found (see \`ordinal node list\`)`);
  return node;
}

async function podsOn(client: KubeClient, name: string): Promise<Obj[]> {
  const list = await client.request<Obj>('GET', '/api/v1/pods', { query: { fieldSelector: `spec.nodeName=${name}` } });
  return (list['items'] ?? []).filter((p: Obj) => !isTerminal(p));
}

async function setStopped(client: KubeClient, name: string, stopped: boolean): Promise<void> {
  const body = { metadata: { annotations: { [stoppedAnnotation]: stopped ? 'true' : null } } };
  await client.request('PATCH', nodePath(name), { body, contentType: 'application/merge-patch+json' });
}

/** Poll the node until its agent reports `state`; a clear error on timeout or if the node goes. */
async function waitForAgent(client: KubeClient, name: string, state: AgentState, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let seen: string | undefined;
  for (;;) {
    const node = await client.getIfExists<Obj>(nodePath(name));
    if (!node) throw new CliError(`node "${name}" was deleted while waiting for its agent`);
    seen = annotationsOf(node)[agentStateAnnotation];
    if (seen === state) return;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, Math.min(options.pollMs ?? 250, Math.max(1, deadline - Date.now()))));
  }
  const undo = state === 'stopped' ? `ordinal node start ${name}` : `ordinal node stop ${name}`;
  throw new CliError(
    `timed out after ${options.timeoutMs / 1000}s waiting for the node agent of ${name} to report ${agentStateAnnotation}=${state} ` +
      `(it says ${seen === undefined ? 'nothing' : `"${seen}"`}): is \`ordinal server\` running its node agents? ` +
      `The node stays marked ${state}; \`${undo}\` undoes that`,
  );
}

/** Stop a node; returns the message to print. */
export async function stopNode(client: KubeClient, name: string, options: WaitOptions): Promise<string> {
  const node = await getNode(client, name);
  const annotations = annotationsOf(node);
  const hint = `to let its StatefulSet pods move: kubectl taint nodes ${name} node.kubernetes.io/out-of-service=nodeshutdown:NoExecute`;
  if (annotations[stoppedAnnotation] === 'true' && annotations[agentStateAnnotation] === 'stopped') return `${name} is already stopped; ${hint}\n`;
  const pods = await podsOn(client, name);
  await setStopped(client, name, true);
  await waitForAgent(client, name, 'stopped', options);
  const killed = `${pods.length} pod${pods.length === 1 ? ' was' : 's were'} killed`;
  return `${name} stopped: ${killed}; the node becomes NotReady after the grace period; ${hint}\n`;
}

/** Start a stopped node again; returns the message to print. */
export async function startNode(client: KubeClient, name: string, options: WaitOptions): Promise<string> {
  const node = await getNode(client, name);
  const annotations = annotationsOf(node);
  if (annotations[stoppedAnnotation] === undefined && annotations[agentStateAnnotation] !== 'stopped') return `${name} is already running\n`;
  await setStopped(client, name, false);
  await waitForAgent(client, name, 'running', options);
  return `${name} running; Ready again when the agent posts status\n`;
}

function agentColumn(node: Obj): string {
  const a = annotationsOf(node);
  const state = a[agentStateAnnotation];
  if (a[stoppedAnnotation] === 'true' && state !== 'stopped') return 'stopping';
  if (a[stoppedAnnotation] !== 'true' && state === 'stopped') return 'starting';
  return state ?? '<none>';
}

/** NAME READY AGENT PODS, one line per node (pods: bound there and not finished). */
export async function listNodes(client: KubeClient): Promise<string> {
  const nodes = (await client.request<Obj>('GET', '/api/v1/nodes'))['items'] ?? [];
  if (nodes.length === 0) return 'No nodes found.\n';
  const pods: Obj[] = (await client.request<Obj>('GET', '/api/v1/pods'))['items'] ?? [];
  const rows = nodes.map((n: Obj) => {
    const name: string = n['metadata'].name;
    const ready = (n['status']?.conditions ?? []).find((c: Obj) => c['type'] === 'Ready')?.['status'] ?? 'Unknown';
    const count = pods.filter((p) => p['spec']?.nodeName === name && !isTerminal(p)).length;
    return [name, ready, agentColumn(n), String(count)];
  });
  return alignRows([['NAME', 'READY', 'AGENT', 'PODS'], ...rows]);
}

function registerWaitVerb(node: Command, verb: 'stop' | 'start', run: typeof stopNode): void {
  const cmd = node
    .command(verb)
    .description(verb === 'stop' ? 'power a node off: its agent kills its pods and stops heartbeating' : 'power a stopped node on again')
    .argument('<node>', 'node name')
    .option('--timeout <duration>', 'how long to wait for the node agent to acknowledge', '30s');
  addConnectionOptions(cmd).action(
    runAction(async (name: string, flags: WaitFlags) => {
      const timeoutMs = parseDuration(flags.timeout);
      const conn = await connect(flags);
      try {
        print(await run(conn.client, name, { timeoutMs }));
      } finally {
        conn.client.close();
      }
    }),
  );
}

/** `ordinal node stop|start|list`. */
export function registerNode(program: Command): void {
  const node = program.command('node').description('stop, start and list the nodes (virtual machines) of this control plane');
  registerWaitVerb(node, 'stop', stopNode);
  registerWaitVerb(node, 'start', startNode);
  const list = node.command('list').alias('ls').description('list nodes with their readiness, agent state and pod count');
  addConnectionOptions(list).action(
    runAction(async (flags: ConnectionFlags) => {
      const conn = await connect(flags);
      try {
        print(await listNodes(conn.client));
      } finally {
        conn.client.close();
      }
    }),
  );
}
