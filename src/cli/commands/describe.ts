import type { Command } from 'commander';
import { isJsonObject, type JsonObject, type ResolvedResource } from '../../client/index.js';
import { describeObject } from '../print/describe-object.js';
import { describeSecret } from '../print/describe-secret.js';
import { eventsSection } from '../print/describe-events.js';
import { isSecret } from '../print/redact.js';
import { addConnectionOptions, connect, type Connection, type ConnectionFlags } from './connection.js';
import { redisTopologySection } from './describe-redis.js';
import { fetchObjects } from './get-fetch.js';
import { print, reportError, runAction } from './run-action.js';
import { parseTypeArgs } from './type-args.js';

interface DescribeFlags extends ConnectionFlags {
  selector?: string;
  showEvents?: boolean;
}

/** Events about one object, found by involvedObject name, namespace and uid. */
async function eventsFor(conn: Connection, obj: JsonObject): Promise<JsonObject[]> {
  const meta = isJsonObject(obj['metadata']) ? obj['metadata'] : {};
  const terms = [`involvedObject.name=${String(meta['name'] ?? '')}`];
  if (typeof meta['namespace'] === 'string') terms.push(`involvedObject.namespace=${meta['namespace']}`);
  if (typeof meta['uid'] === 'string') terms.push(`involvedObject.uid=${meta['uid']}`);
  const ns = typeof meta['namespace'] === 'string' ? `/namespaces/${encodeURIComponent(meta['namespace'])}` : '';
  try {
    const list = await conn.client.request<{ items?: JsonObject[] }>('GET', `/api/v1${ns}/events`, { query: { fieldSelector: terms.join(',') } });
    return list.items ?? [];
  } catch {
    return [];
  }
}

async function describeOne(conn: Connection, r: ResolvedResource, obj: JsonObject, showEvents: boolean): Promise<string> {
  const now = new Date();
  const body = isSecret(obj) ? describeSecret(obj, now) : describeObject(obj, now) + redisTopologySection(obj);
  if (!showEvents || isSecret(obj) || r.resource === 'events') return body;
  return body + eventsSection(await eventsFor(conn, obj), now);
}

/** `describe TYPE [NAME...]`: a readable view of each object, with its events. */
export function registerDescribe(program: Command): void {
  const cmd = program
    .command('describe')
    .description('show details of objects and their events')
    .argument('<type>', 'TYPE or TYPE/NAME')
    .argument('[names...]', 'names (default: all of the type)')
    .option('-l, --selector <selector>', 'label selector')
    .option('--show-events [bool]', 'list events (default true)', (v: string) => v !== 'false', true);
  addConnectionOptions(cmd).action(
    runAction(async (type: string, names: string[], flags: DescribeFlags) => {
      const requests = parseTypeArgs([type, ...names]);
      const conn = await connect(flags);
      const resolved = [];
      for (const r of requests) resolved.push({ resource: await conn.resolveType(r.type), names: r.names });
      let first = true;
      for (const req of resolved) {
        const { items } = await fetchObjects(conn, req, { namespace: conn.namespace, labelSelector: flags.selector });
        if (items.length === 0 && req.names.length === 0) process.stderr.write(`No resources found in ${conn.namespace} namespace.\n`);
        for (const obj of items) {
          try {
            const text = await describeOne(conn, req.resource, obj, flags.showEvents !== false);
            print((first ? '' : '\n\n') + text);
            first = false;
          } catch (err) {
            reportError(err);
          }
        }
      }
    }),
  );
}

