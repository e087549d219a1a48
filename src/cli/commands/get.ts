import type { Command } from 'commander';
import { kindRef, type JsonObject } from '../../client/index.js';
import { formatObject, listOf } from '../print/object-output.js';
import { formatTable } from '../print/table.js';
import { CliError } from './cli-error.js';
import { addConnectionOptions, connect, type Connection, type ConnectionFlags } from './connection.js';
import { fetchObjects, fetchTable, type GetScope, type ResolvedRequest } from './get-fetch.js';
import { watchAndPrint } from './get-watch.js';
import { print, runAction } from './run-action.js';
import { parseTypeArgs } from './type-args.js';

interface GetFlags extends ConnectionFlags {
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  output?: string;
  watch?: boolean;
  showSecrets?: boolean;
  noHeaders?: boolean;
}

const formats = ['wide', 'yaml', 'json', 'name'];

function noneFound(scope: GetScope, anyNamespaced: boolean): void {
  process.stderr.write(scope.namespace && anyNamespaced ? `No resources found in ${scope.namespace} namespace.\n` : 'No resources found\n');
}

async function printTables(conn: Connection, reqs: ResolvedRequest[], scope: GetScope, flags: GetFlags): Promise<number> {
  let printed = 0;
  for (const req of reqs) {
    const table = await fetchTable(conn, req, scope);
    if (!table || table.rows.length === 0) continue;
    const text = formatTable(table, {
      wide: flags.output === 'wide',
      withNamespace: scope.namespace === undefined && req.resource.namespaced,
      ...(reqs.length > 1 ? { namePrefix: `${kindRef(req.resource)}/` } : {}),
      ...(flags.noHeaders ? { noHeaders: true } : {}),
    });
    print((printed > 0 ? '\n' : '') + text);
    printed += table.rows.length;
  }
  return printed;
}

async function printObjects(conn: Connection, reqs: ResolvedRequest[], scope: GetScope, flags: GetFlags): Promise<number> {
  const objects: JsonObject[] = [];
  for (const req of reqs) objects.push(...(await fetchObjects(conn, req, scope)).items);
  if (flags.output === 'name') {
    const byKind = new Map(reqs.map((r) => [`${r.resource.group}/${r.resource.kind}`, kindRef(r.resource)]));
    for (const o of objects) {
      const apiVersion = String(o['apiVersion'] ?? '');
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
      print(`${byKind.get(`${group}/${String(o['kind'])}`) ?? String(o['kind']).toLowerCase()}/${String((o['metadata'] as { name?: string } | undefined)?.name ?? '')}\n`);
    }
    return objects.length;
  }
  const format = flags.output === 'json' ? 'json' : 'yaml';
  const single = reqs.length === 1 && reqs[0]!.names.length === 1;
  if (single && objects.length === 1) print(formatObject(objects[0]!, format, flags.showSecrets ?? false));
  else if (!single || objects.length > 0) print(formatObject(listOf(objects), format, flags.showSecrets ?? false));
  return single ? 1 : objects.length;
}

/** `get TYPE[,TYPE] [NAME...]`: server-printed tables, or the objects as yaml, json or names. */
export function registerGet(program: Command): void {
  const cmd = program
    .command('get')
    .description('list or show objects (a table by default; -o wide|yaml|json|name)')
    .argument('<type>', 'TYPE[,TYPE...] or TYPE/NAME')
    .argument('[names...]', 'names of objects (default: all)')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-l, --selector <selector>', 'label selector, e.g. app=redis')
    .option('--field-selector <selector>', 'field selector, e.g. status.phase=Running')
    .option('-o, --output <format>', 'wide, yaml, json or name')
    .option('-w, --watch', 'after listing, watch for changes')
    .option('--no-headers', 'omit the table header')
    .option('--show-secrets', 'print Secret values instead of redacting them');
  addConnectionOptions(cmd).action(
    runAction(async (type: string, names: string[], flags: GetFlags) => {
      if (flags.output !== undefined && !formats.includes(flags.output)) {
        throw new CliError(`unable to match a printer suitable for the output format "${flags.output}", allowed formats are: ${formats.join(',')}`);
      }
      const requests = parseTypeArgs([type, ...names]);
      const hasNames = requests.some((r) => r.names.length > 0);
      if (hasNames && flags.selector) throw new CliError('name cannot be provided when a selector is specified');
      if (hasNames && flags.allNamespaces) throw new CliError('a resource cannot be retrieved by name across all namespaces');
      // headers are on unless --no-headers (commander's negatable option sets headers=false)
      flags.noHeaders = (flags as { headers?: boolean }).headers === false;
      const conn = await connect(flags);
      const reqs: ResolvedRequest[] = [];
      for (const r of requests) reqs.push({ resource: await conn.resolveType(r.type), names: r.names });
      const scope: GetScope = { namespace: flags.allNamespaces ? undefined : conn.namespace, labelSelector: flags.selector, fieldSelector: flags.fieldSelector };
      if (flags.watch) {
        if (reqs.length !== 1 || reqs[0]!.names.length > 1) throw new CliError('you may only specify a single resource type (and at most one name) with --watch');
        const fmt = flags.output === 'json' || flags.output === 'yaml' ? flags.output : 'table';
        await watchAndPrint(conn, reqs[0]!, scope, {
          format: fmt,
          table: { wide: flags.output === 'wide', withNamespace: scope.namespace === undefined && reqs[0]!.resource.namespaced, noHeaders: flags.noHeaders },
          showSecrets: flags.showSecrets ?? false,
        });
        return;
      }
      const objectOutput = flags.output === 'yaml' || flags.output === 'json' || flags.output === 'name';
      const count = objectOutput ? await printObjects(conn, reqs, scope, flags) : await printTables(conn, reqs, scope, flags);
      if (count === 0 && !hasNames && flags.output !== 'yaml' && flags.output !== 'json') {
        noneFound(scope, reqs.some((r) => r.resource.namespaced));
      }
    }),
  );
}
