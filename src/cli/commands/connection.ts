import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { discover, KubeClient, resolveKind, resolveType, type DiscoveryDoc, type ResolvedResource } from '../../client/index.js';
import { dataDirFrom } from '../home.js';
import { CliError } from './cli-error.js';

export interface ConnectionFlags {
  dataDir?: string;
  kubeconfig?: string;
  namespace?: string;
}

/** --data-dir, --kubeconfig and -n, which every resource verb accepts. */
export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('-n, --namespace <namespace>', 'the namespace (default: the kubeconfig context namespace, else "default")')
    .option('--data-dir <dir>', 'data dir whose kubeconfig to use (default $ORDINAL_HOME or ~/.ordinal)')
    .option('--kubeconfig <path>', 'use this kubeconfig instead of the data dir one (e.g. a real cluster)');
}

/** What a verb needs: the client, the namespace to use and a cached resource resolver. */
export class Connection {
  readonly client: KubeClient;
  readonly namespace: string;
  /** True when -n was given (so a manifest's other namespace is an error). */
  readonly namespaceExplicit: boolean;
  private discovery: Promise<DiscoveryDoc> | undefined;

  constructor(client: KubeClient, namespaceFlag: string | undefined) {
    this.client = client;
    this.namespaceExplicit = namespaceFlag !== undefined;
    this.namespace = namespaceFlag ?? client.contextNamespace ?? 'default';
  }

  discover(): Promise<DiscoveryDoc> {
    this.discovery ??= discover(this.client);
    return this.discovery;
  }

  /** What the user typed (`po`, `statefulset.apps`) to a resource; unknown types are an error. */
  async resolveType(typed: string): Promise<ResolvedResource> {
    const r = resolveType(await this.discover(), typed);
    if (!r) throw new CliError(`the server doesn't have a resource type "${typed}"`);
    return r;
  }

  /** A manifest's apiVersion and kind to a resource; undefined if the server does not serve it. */
  async resolveKind(apiVersion: string, kind: string): Promise<ResolvedResource | undefined> {
    return resolveKind(await this.discover(), apiVersion, kind);
  }
}

/** The kubeconfig: --kubeconfig, else DATA_DIR/kubeconfig. */
export function kubeconfigPath(flags: ConnectionFlags): string {
  if (flags.kubeconfig) return resolve(flags.kubeconfig);
  return join(dataDirFrom(flags.dataDir), 'kubeconfig');
}

export async function connect(flags: ConnectionFlags): Promise<Connection> {
  const path = kubeconfigPath(flags);
  if (!existsSync(path)) {
    throw new CliError(
      flags.kubeconfig ? `the kubeconfig ${path} does not exist` : `no kubeconfig at ${path}: start the control plane first with \`ordinal server\`, or pass --kubeconfig`,
    );
  }
  let client: KubeClient;
  try {
    client = await KubeClient.fromFile(path);
  } catch (err) {
    throw new CliError(`cannot load kubeconfig ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return new Connection(client, flags.namespace);
}
