import type { Query } from '../../client/index.js';
import { CliError } from './cli-error.js';

export type DryRun = 'none' | 'client' | 'server';

/** --dry-run, --dry-run=client, --dry-run=server (a bare flag means client, as in kubectl). */
export function parseDryRun(value: string | boolean | undefined): DryRun {
  if (value === undefined || value === false || value === 'none') return 'none';
  if (value === true || value === 'client') return 'client';
  if (value === 'server') return 'server';
  throw new CliError(`Invalid dry-run value (${String(value)}). Must be "none", "server", or "client".`);
}

export function dryRunQuery(dryRun: DryRun): Query {
  return dryRun === 'server' ? { dryRun: 'All' } : {};
}

export function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === 'server' ? ' (server dry run)' : dryRun === 'client' ? ' (dry run)' : '';
}
