import type { Command } from 'commander';
import { kindRef, resourcePath } from '../../client/index.js';
import { explainError } from './explain-error.js';
import { addConnectionOptions, connect, type ConnectionFlags } from './connection.js';
import { registerCreateSecret } from './create-secret.js';
import { dryRunQuery, dryRunSuffix, parseDryRun } from './dry-run.js';
import { readManifests } from './manifest-files.js';
import { resolveManifests } from './manifest-targets.js';
import { print, reportError, runAction } from './run-action.js';
import { CliError } from './cli-error.js';

interface CreateFlags extends ConnectionFlags {
  filename: string[];
  recursive?: boolean;
  dryRun?: string | boolean;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function registerCreateNamespace(create: Command): void {
  const cmd = create.command('namespace').alias('ns').description('create a namespace').argument('<name>');
  cmd.option('--dry-run [strategy]', 'none, client or server');
  addConnectionOptions(cmd).action(
    runAction(async (name: string, _local: unknown, command: Command) => {
      // Options given before the subcommand name belong to `create`: read them all.
      const opts = command.optsWithGlobals<ConnectionFlags & { dryRun?: string | boolean }>();
      const dryRun = parseDryRun(opts.dryRun);
      const conn = await connect(opts);
      if (dryRun !== 'client') {
        await conn.client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, query: dryRunQuery(dryRun) });
      }
      print(`namespace/${name} created${dryRunSuffix(dryRun)}\n`);
    }),
  );
}

/** `create -f FILE` (POST each object; an existing one is an error), `create namespace`, `create secret generic`. */
export function registerCreate(program: Command): void {
  const create = program
    .command('create')
    .description('create objects from manifests, or a namespace or secret')
    .option('-f, --filename <path>', 'file, directory or - for stdin (repeatable)', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .option('--dry-run [strategy]', 'none, client or server');
  addConnectionOptions(create).action(
    runAction(async (opts: CreateFlags) => {
      if (opts.filename.length === 0) throw new CliError('must specify one of -f and -k, or a subcommand (namespace, secret generic)');
      const dryRun = parseDryRun(opts.dryRun);
      const manifests = readManifests(opts.filename, opts.recursive ?? false);
      const conn = await connect(opts);
      const targets = await resolveManifests(conn, manifests, { allowGenerateName: true });
      for (const t of targets) {
        try {
          let name = t.name;
          if (dryRun !== 'client') {
            const created = await conn.client.request<{ metadata?: { name?: string } }>('POST', resourcePath(t.resource, { namespace: t.namespace }), { body: t.object, query: dryRunQuery(dryRun) });
            name = created?.metadata?.name ?? name;
          }
          print(`${kindRef(t.resource)}/${name} created${dryRunSuffix(dryRun)}\n`);
        } catch (err) {
          reportError(explainError(err, 'creating', t.source), t.secretValues);
        }
      }
    }),
  );
  registerCreateNamespace(create);
  registerCreateSecret(create);
}
