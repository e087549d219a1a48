import type { Command } from 'commander';
import { ApiRequestError, type KubeClient } from '../../client/index.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type ConnectionFlags } from './connection.js';
import { print, reportError, runAction } from './run-action.js';

interface NodeObject {
  metadata?: { name?: string };
  spec?: { unschedulable?: boolean };
}

/**
 * Set or clear spec.unschedulable, as kubectl does (a strategic merge patch of the spec only).
 * Prints "node/NAME cordoned" / "already cordoned" (or uncordoned); false when the node was already so.
 */
export async function setNodeUnschedulable(client: KubeClient, node: string, unschedulable: boolean): Promise<boolean> {
  const path = `/api/v1/nodes/${encodeURIComponent(node)}`;
  let current: NodeObject;
  try {
    current = await client.request<NodeObject>('GET', path);
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 404) throw new ApiRequestError(404, 'NotFound', `nodes "${node}" not found`);
    throw err;
  }
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  if (Boolean(current.spec?.unschedulable) === unschedulable) {
    print(`node/${node} already ${verb}\n`);
    return false;
  }
  await client.request('PATCH', path, { body: { spec: { unschedulable: unschedulable ? true : null } }, contentType: 'application/strategic-merge-patch+json' });
  print(`node/${node} ${verb}\n`);
  return true;
}

function registerCordonVerb(program: Command, verb: 'cordon' | 'uncordon'): void {
  const cmd = program
    .command(verb)
    .description(verb === 'cordon' ? 'mark nodes unschedulable: no new pods are placed there' : 'mark nodes schedulable again')
    .argument('<nodes...>', 'node names');
  addConnectionOptions(cmd).action(
    runAction(async (nodes: string[], flags: ConnectionFlags) => {
      if (nodes.length === 0) throw new CliError('USAGE: ' + verb + ' NODE [flags]');
      const conn = await connect(flags);
      for (const node of nodes) {
        try {
          await setNodeUnschedulable(conn.client, node, verb === 'cordon');
        } catch (err) {
          reportError(err);
        }
      }
    }),
  );
}

/** `cordon NODE...` and `uncordon NODE...` (drain.ts registers them with drain: registerNodeCommands). */
export function registerCordonCommands(program: Command): void {
  registerCordonVerb(program, 'cordon');
  registerCordonVerb(program, 'uncordon');
}
