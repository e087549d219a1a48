/** Secrets, ConfigMaps and ServiceAccounts. */
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubeObject } from '../../store/types.js';
import { ageColumn, column, nameColumn } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

export const secretPrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'string', 'The type of the secret.'),
    column('Data', 'string', 'Number of keys in the secret.'),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date) {
    const secret = obj as ISecret;
    // stringData is write-only and merged into data; count the union in case it was stored.
    const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    return [secret.metadata?.name ?? '', secret.type ?? 'Opaque', keys.size, since(secret.metadata?.creationTimestamp, now)];
  },
};

export const configMapPrinter: Printer = {
  columns: [nameColumn, column('Data', 'string', 'Number of keys in data and binaryData.'), ageColumn],
  cells(obj: KubeObject, now: Date) {
    const cm = obj as IConfigMap;
    const count = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [cm.metadata?.name ?? '', count, since(cm.metadata?.creationTimestamp, now)];
  },
};

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn, column('Secrets', 'string', 'Number of secrets listed in the service account.'), ageColumn],
  cells(obj: KubeObject, now: Date) {
    const sa = obj as IServiceAccount;
    return [sa.metadata?.name ?? '', (sa.secrets ?? []).length, since(sa.metadata?.creationTimestamp, now)];
  },
};
