import { stringify } from 'yaml';
import { writeSecretFile } from '../lib/secret-file.js';

export interface KubeconfigInput {
  server: string;
  caCert: string;
  token: string;
  name?: string;
}

/** A kubeconfig with one cluster, one user (the bearer token) and one context; written 0600. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const name = input.name ?? 'ordinal';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: input.server, 'certificate-authority-data': Buffer.from(input.caCert).toString('base64') } }],
    users: [{ name: `${name}-admin`, user: { token: input.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, input: KubeconfigInput): void {
  writeSecretFile(path, renderKubeconfig(input));
}
