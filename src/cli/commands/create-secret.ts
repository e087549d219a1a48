import type { Command } from 'commander';
import { addConnectionOptions, connect, type ConnectionFlags } from './connection.js';
import { dryRunQuery, dryRunSuffix, parseDryRun } from './dry-run.js';
import { print, reportError, runAction } from './run-action.js';
import { secretData } from './secret-sources.js';

interface SecretFlags extends ConnectionFlags {
  fromLiteral: string[];
  fromFile: string[];
  type?: string;
  dryRun?: string | boolean;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** `create secret generic NAME --from-literal=k=v --from-file=[k=]path`. */
export function registerCreateSecret(create: Command): void {
  const secret = create.command('secret').description('create a secret (generic)');
  const generic = secret
    .command('generic')
    .description('create a secret from literal values and files')
    .argument('<name>')
    .option('--from-literal <key=value>', 'a key and literal value (repeatable)', collect, [])
    .option('--from-file <[key=]path>', 'a file (key defaults to its name) or a directory (repeatable)', collect, [])
    .option('--type <type>', 'the secret type', 'Opaque')
    .option('--dry-run [strategy]', 'none, client or server');
  addConnectionOptions(generic).action(
    runAction(async (name: string, _local: unknown, command: Command) => {
      // Options given before the subcommand name belong to `create`: read them all.
      const opts = command.optsWithGlobals<SecretFlags>();
      const dryRun = parseDryRun(opts.dryRun);
      const data = secretData(name, opts.fromLiteral, opts.fromFile);
      const conn = await connect(opts);
      const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: conn.namespace }, type: opts.type ?? 'Opaque', data };
      const values = Object.values(data).flatMap((v) => [v, Buffer.from(v, 'base64').toString('utf8')]);
      if (dryRun !== 'client') {
        try {
          await conn.client.request('POST', `/api/v1/namespaces/${encodeURIComponent(conn.namespace)}/secrets`, { body, query: dryRunQuery(dryRun) });
        } catch (err) {
          reportError(err, values);
          return;
        }
      }
      print(`secret/${name} created${dryRunSuffix(dryRun)}\n`);
    }),
  );
}
