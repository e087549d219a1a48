import { CliError } from './cli-error.js';

/** One resource type and the names asked for (none: all of that type). */
export interface TypeRequest {
  type: string;
  names: string[];
}

/**
 * Read `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME [TYPE/NAME...]` into requests, in the order given;
 * names of the `TYPE/NAME` form are grouped by type.
 */
export function parseTypeArgs(args: string[]): TypeRequest[] {
  const [first, ...rest] = args;
  if (!first) throw new CliError('you must specify the type of resource, e.g. `pods`, `statefulsets` or `pod/NAME`');
  if (first.includes('/')) {
    const out: TypeRequest[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (slash <= 0 || !name) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'ordinal get resource/<resource_name>' instead of 'ordinal get resource resource/<resource_name>'); got "${arg}"`);
      const existing = out.find((r) => r.type === type);
      if (existing) existing.names.push(name);
      else out.push({ type, names: [name] });
    }
    return out;
  }
  const types = first.split(',').filter(Boolean);
  if (types.length === 0) throw new CliError(`no resource type in "${first}"`);
  for (const name of rest) if (name.includes('/')) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form; got "${name}"`);
  return types.map((type) => ({ type, names: [...rest] }));
}
