import type { Command } from 'commander';
import { isNotFound, kindRef, resourcePath, type ResolvedResource } from '../../client/index.js';
import { explainError } from './explain-error.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type Connection, type ConnectionFlags } from './connection.js';
import { readManifests } from './manifest-files.js';
import { resolveManifests } from './manifest-targets.js';
import { print, reportError, runAction } from './run-action.js';
import { parseTypeArgs } from './type-args.js';
import { waitUntilGone } from './wait-gone.js';

interface DeleteFlags extends ConnectionFlags {
  filename: string[];
  recursive?: boolean;
  gracePeriod?: string;
  wait: boolean;
  timeout?: string;
  ignoreNotFound?: boolean;
  selector?: string;
  all?: boolean;
  cascade?: string;
}

interface DeleteTarget {
  resource: ResolvedResource;
  namespace: string | undefined;
  name: string;
  source?: string;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
const parseBool = (v: string): boolean => v !== 'false';

function deleteOptions(flags: DeleteFlags): Record<string, unknown> {
  const policy = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan', true: 'Background', false: 'Orphan' }[flags.cascade ?? 'background'];
  if (!policy) throw new CliError(`invalid --cascade value "${flags.cascade}": must be background, foreground or orphan`);
  const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: policy };
  if (flags.gracePeriod !== undefined && Number(flags.gracePeriod) >= 0) {
    const g = Number(flags.gracePeriod);
    if (!Number.isInteger(g)) throw new CliError(`--grace-period must be an integer, got "${flags.gracePeriod}"`);
    // kubectl: --grace-period=0 means "immediately", sent as 1 unless forced; we send what was asked.
    body['gracePeriodSeconds'] = g;
  }
  return body;
}

async function targetsFromArgs(conn: Connection, args: string[], flags: DeleteFlags): Promise<DeleteTarget[]> {
  const out: DeleteTarget[] = [];
  for (const req of parseTypeArgs(args)) {
    const resource = await conn.resolveType(req.type);
    const namespace = resource.namespaced ? conn.namespace : undefined;
    let names = req.names;
    if (names.length === 0) {
      if (!flags.selector && !flags.all) throw new CliError(`resource(s) were provided, but no name was specified (use --all or -l to select ${req.type})`);
      const list = await conn.client.request<{ items?: Array<{ metadata?: { name?: string } }> }>('GET', resourcePath(resource, { namespace }), { query: { labelSelector: flags.selector } });
      names = (list.items ?? []).map((i) => i.metadata?.name ?? '').filter(Boolean);
      if (names.length === 0) process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
    }
    for (const name of names) out.push({ resource, namespace, name });
  }
  return out;
}

/** `delete TYPE NAME... | TYPE/NAME... | -f FILE`, then (by default) wait until each is gone. */
export function registerDelete(program: Command): void {
  const cmd = program
    .command('delete')
    .description('delete objects by type and name, by label, or from manifests')
    .argument('[args...]', 'TYPE NAME..., TYPE/NAME...')
    .option('-f, --filename <path>', 'file, directory or - for stdin (repeatable)', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .option('-l, --selector <selector>', 'delete the objects matching this label selector')
    .option('--all', 'delete all objects of the type in the namespace')
    .option('--grace-period <seconds>', 'seconds to let the object terminate gracefully (-1: its default)')
    .option('--cascade <policy>', 'background, foreground or orphan', 'background')
    .option('--wait [bool]', 'wait until the objects are gone (--wait=false to return at once)', parseBool, true)
    .option('--timeout <seconds>', 'how long to wait (0: no limit)', '0')
    .option('--ignore-not-found', 'treat "not found" as success');
  addConnectionOptions(cmd).action(
    runAction(async (args: string[], flags: DeleteFlags) => {
      if (flags.filename.length > 0 && args.length > 0) throw new CliError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
      const body = deleteOptions(flags);
      const manifests = flags.filename.length > 0 ? readManifests(flags.filename, flags.recursive ?? false) : [];
      const conn = await connect(flags);
      const targets: DeleteTarget[] =
        flags.filename.length > 0
          ? (await resolveManifests(conn, manifests, { allowGenerateName: false })).map((t) => ({ resource: t.resource, namespace: t.namespace, name: t.name, source: t.source }))
          : await targetsFromArgs(conn, args, flags);
      const deleted: Array<DeleteTarget & { uid: string | undefined }> = [];
      for (const t of targets) {
        try {
          const answer = await conn.client.request<{ kind?: string; metadata?: { uid?: string } }>('DELETE', resourcePath(t.resource, { namespace: t.namespace, name: t.name }), { body });
          print(`${kindRef(t.resource)} "${t.name}" deleted\n`);
          deleted.push({ ...t, uid: answer?.kind === 'Status' ? undefined : answer?.metadata?.uid });
        } catch (err) {
          if (flags.ignoreNotFound && isNotFound(err)) continue;
          reportError(t.source ? explainError(err, 'deleting', t.source) : err);
        }
      }
      if (flags.wait) {
        const timeoutMs = Number(flags.timeout ?? '0') * 1000;
        for (const d of deleted) {
          try {
            await waitUntilGone(conn, resourcePath(d.resource, { namespace: d.namespace, name: d.name }), d.uid, timeoutMs);
          } catch (err) {
            reportError(err);
          }
        }
      }
    }),
  );
}
