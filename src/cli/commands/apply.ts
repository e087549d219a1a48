import type { Command } from 'commander';
import {
  isNotFound,
  kindRef,
  lastAppliedAnnotation,
  readLastApplied,
  resourcePath,
  resourceRef,
  threeWayMergePatch,
  withLastApplied,
  type JsonObject,
} from '../../client/index.js';
import { addConnectionOptions, connect, type Connection, type ConnectionFlags } from './connection.js';
import { explainError } from './explain-error.js';
import { dryRunQuery, dryRunSuffix, parseDryRun, type DryRun } from './dry-run.js';
import { readManifests } from './manifest-files.js';
import { resolveManifests, type ManifestTarget } from './manifest-targets.js';
import { print, reportError, runAction } from './run-action.js';

interface ApplyFlags extends ConnectionFlags {
  filename: string[];
  recursive?: boolean;
  dryRun?: string | boolean;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

type Outcome = 'created' | 'configured' | 'unchanged';

export async function applyOne(conn: Connection, t: ManifestTarget, dryRun: DryRun): Promise<Outcome> {
  const path = resourcePath(t.resource, { namespace: t.namespace, name: t.name });
  const modified = withLastApplied(t.object);
  let live: JsonObject;
  try {
    live = await conn.client.request<JsonObject>('GET', path);
  } catch (err) {
    if (!isNotFound(err)) throw explainError(err, 'retrieving current configuration of', t.source);
    if (dryRun !== 'client') {
      try {
        await conn.client.request('POST', resourcePath(t.resource, { namespace: t.namespace }), { body: modified, query: dryRunQuery(dryRun) });
      } catch (e) {
        throw explainError(e, 'creating', t.source);
      }
    }
    return 'created';
  }
  const original = readLastApplied(live);
  if (!original) {
    process.stderr.write(
      `Warning: ${resourceRef(t.resource)}/${t.name} is missing the ${lastAppliedAnnotation} annotation which apply needs; it is patched automatically this time.\n`,
    );
  }
  const patch = threeWayMergePatch(original, modified, live);
  if (Object.keys(patch).length === 0) return 'unchanged';
  if (dryRun !== 'client') {
    try {
      await conn.client.request('PATCH', path, { body: patch, contentType: 'application/merge-patch+json', query: dryRunQuery(dryRun) });
    } catch (e) {
      throw explainError(e, 'applying patch to', t.source);
    }
  }
  return 'configured';
}

export function registerApply(program: Command): void {
  const cmd = program
    .command('apply')
    .description('create or update objects from manifests (three-way merge with the last applied configuration)')
    .option('-f, --filename <path>', 'file, directory or - for stdin (repeatable)', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .option('--dry-run [strategy]', 'none, client or server');
  addConnectionOptions(cmd).action(
    runAction(async (opts: ApplyFlags) => {
      const dryRun = parseDryRun(opts.dryRun);
      const manifests = readManifests(opts.filename, opts.recursive ?? false);
      const conn = await connect(opts);
      const targets = await resolveManifests(conn, manifests, { allowGenerateName: false });
      for (const t of targets) {
        try {
          const outcome = await applyOne(conn, t, dryRun);
          print(`${kindRef(t.resource)}/${t.name} ${outcome}${dryRunSuffix(dryRun)}\n`);
        } catch (err) {
          reportError(err, t.secretValues);
        }
      }
    }),
  );
}
