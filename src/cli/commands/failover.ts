import type { Command } from 'commander';
import { kindRef, resourcePath, type ResolvedResource } from '../../client/index.js';
import {
  FAILOVER_AUTO, failoverAnnotations, finishedFailover, newFailoverRequestId, OPERATOR_GROUP, type FailoverResult,
} from '../../operators/framework/index.js';
import { parseDuration } from '../up/duration.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type Connection, type ConnectionFlags } from './connection.js';
import { print, runAction } from './run-action.js';
import { setTimeout as sleep } from 'node:timers/promises';

interface FailoverFlags extends ConnectionFlags {
  to?: string;
  timeout: string;
  wait: boolean;
}

type Obj = { metadata?: { name?: string; annotations?: Record<string, string> }; status?: { failover?: FailoverResult } };


function describeResult(ref: string, r: FailoverResult): string {
  const move = r.from || r.to ? ` (master: ${r.from ?? '?'} -> ${r.to ?? '?'})` : '';
  return `${ref}: failover ${r.requestId} ${r.result}${move}: ${r.message}\n`;
}

/** Polls the object until the operator reports the request's outcome; prints progress once per new message. */
async function waitForResult(conn: Connection, path: string, ref: string, id: string, timeoutMs: number): Promise<FailoverResult> {
  const deadline = Date.now() + timeoutMs;
  let lastMessage = '';
  for (;;) {
    const obj = await conn.client.getIfExists<Obj>(path);
    if (!obj) throw new CliError(`${ref} was deleted while the failover was pending`);
    const done = finishedFailover(obj, id);
    if (done) return done;
    const running = obj.status?.failover;
    if (running?.requestId === id && running.message !== lastMessage) {
      lastMessage = running.message;
      process.stderr.write(`${ref}: ${running.message}\n`);
    }
    if (Date.now() > deadline) {
      throw new CliError(`timed out after ${timeoutMs / 1000}s waiting for the operator to report failover ${id} in ${ref} status.failover (is \`ordinal operator\` or \`ordinal server\` running?)`);
    }
    await sleep(500);
  }
}

async function resolveOperatorType(conn: Connection, typed: string): Promise<ResolvedResource> {
  const resource = await conn.resolveType(typed);
  if (resource.group !== OPERATOR_GROUP) throw new CliError(`failover works on ordinal's own kinds (rediscluster, redisreplication), not ${kindRef(resource)}`);
  return resource;
}

/** `ordinal failover TYPE NAME [--to POD]`: asks the operator for a planned failover and waits for its outcome. */
export function registerFailover(program: Command): void {
  const cmd = program
    .command('failover')
    .description('hand the master role over to a replica (planned failover, no data loss), carried out by the operator; waits for the result')
    .argument('<type>', 'rediscluster or redisreplication')
    .argument('<name>', 'the object')
    .option('--to <pod>', 'the replica pod to promote (default: the operator picks the best in-sync replica)')
    .option('--timeout <duration>', 'how long to wait for the result', '120s')
    .option('--no-wait', 'return once the request is recorded');
  addConnectionOptions(cmd).action(
    runAction(async (type: string, name: string, flags: FailoverFlags) => {
      const timeoutMs = parseDuration(flags.timeout, '--timeout');
      const conn = await connect(flags);
      try {
        const resource = await resolveOperatorType(conn, type);
        const path = resourcePath(resource, { namespace: conn.namespace, name });
        const ref = `${kindRef(resource)}/${name}`;
        const request = { id: newFailoverRequestId(new Date()), to: flags.to ?? FAILOVER_AUTO };
        await conn.client.request('PATCH', path, {
          body: { metadata: { annotations: failoverAnnotations(request) } },
          contentType: 'application/merge-patch+json',
        });
        if (!flags.wait) {
          print(`${ref}: failover ${request.id} requested (to ${request.to})\n`);
          return;
        }
        const result = await waitForResult(conn, path, ref, request.id, timeoutMs);
        print(describeResult(ref, result));
        if (result.result === 'Failed') process.exitCode = 1;
      } finally {
        conn.client.close();
      }
    }),
  );
}
