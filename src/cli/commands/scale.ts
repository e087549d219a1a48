import type { Command } from 'commander';
import { kindRef, resourcePath } from '../../client/index.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type ConnectionFlags } from './connection.js';
import { print, reportError, runAction } from './run-action.js';
import { parseTypeArgs } from './type-args.js';

interface ScaleFlags extends ConnectionFlags {
  replicas?: string;
  currentReplicas?: string;
}

function parseCount(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} must be a non-negative integer, got "${v}"`);
  return n;
}

/** `scale TYPE/NAME --replicas N` through the scale subresource. */
export function registerScale(program: Command): void {
  const cmd = program
    .command('scale')
    .description('set the replica count through the scale subresource')
    .argument('<args...>', 'TYPE NAME... or TYPE/NAME...')
    .option('--replicas <n>', 'the new number of replicas')
    .option('--current-replicas <n>', 'only scale if the current count is this');
  addConnectionOptions(cmd).action(
    runAction(async (args: string[], flags: ScaleFlags) => {
      const replicas = parseCount('--replicas', flags.replicas);
      if (replicas === undefined) throw new CliError('required flag(s) "replicas" not set');
      const current = parseCount('--current-replicas', flags.currentReplicas);
      const requests = parseTypeArgs(args);
      const conn = await connect(flags);
      for (const req of requests) {
        const resource = await conn.resolveType(req.type);
        if (req.names.length === 0) throw new CliError('resource(s) were provided, but no name was specified');
        for (const name of req.names) {
          const path = resourcePath(resource, { namespace: resource.namespaced ? conn.namespace : undefined, name, subresource: 'scale' });
          try {
            if (current !== undefined) {
              const scale = await conn.client.request<{ spec?: { replicas?: number } }>('GET', path);
              const now = scale.spec?.replicas ?? 0;
              if (now !== current) throw new CliError(`Expected replicas to be ${current}, was ${now}`);
            }
            await conn.client.request('PATCH', path, { body: { spec: { replicas } }, contentType: 'application/merge-patch+json' });
            print(`${kindRef(resource)}/${name} scaled\n`);
          } catch (err) {
            reportError(err);
          }
        }
      }
    }),
  );
}
