/**
 * The files a configMap, secret, downwardAPI or projected volume holds (the kubelet plugins'
 * MakePayload / collectData). Errors are plain messages; the caller words them as FailedMount.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { configMapBytes, containerResourceValue, podFieldValue, secretBytes, type PodFacts, type PodInputSource } from '../env/index.js';
import type { Payload } from './atomic-writer.js';

export const DEFAULT_FILE_MODE = 0o644;

export class PayloadError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

/** Keys -> files: all keys with defaultMode, or only `items` (a missing key fails unless optional). */
function project(data: Map<string, Buffer>, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, missingKey: (key: string) => PayloadError, into: Payload): void {
  if (!items || items.length === 0) {
    for (const [key, value] of data) into.set(key, { data: value, mode: defaultMode });
    return;
  }
  for (const item of items) {
    const value = data.get(item.key);
    if (value === undefined) {
      if (optional) continue;
      throw missingKey(item.key);
    }
    into.set(item.path, { data: value, mode: item.mode ?? defaultMode });
  }
}

export interface PayloadContext {
  pod: KubeObject;
  source: PodInputSource;
  facts: Partial<PodFacts>;
}

function namespaceOf(pod: KubeObject): string {
  return String(pod['metadata']?.namespace ?? 'default');
}

export function configMapPayload(ctx: PayloadContext, ref: KubeObject, defaultMode: number, into: Payload = new Map()): Payload {
  const name = String(ref['name'] ?? '');
  const optional = ref['optional'] === true;
  const cm = ctx.source.configMap(namespaceOf(ctx.pod), name);
  if (!cm) {
    if (optional) return into;
    throw new PayloadError('E_CONFIGMAP_NOT_FOUND', `configmap "${name}" not found`);
  }
  project(configMapBytes(cm), ref['items'], defaultMode, optional, (k) => new PayloadError('E_CONFIGMAP_KEY', `configmap references non-existent config key: ${k}`), into);
  return into;
}

export function secretPayload(ctx: PayloadContext, name: string, ref: KubeObject, defaultMode: number, into: Payload = new Map()): Payload {
  const optional = ref['optional'] === true;
  const secret = ctx.source.secret(namespaceOf(ctx.pod), name);
  if (!secret) {
    if (optional) return into;
    throw new PayloadError('E_SECRET_NOT_FOUND', `secret "${name}" not found`);
  }
  project(secretBytes(secret), ref['items'], defaultMode, optional, (k) => new PayloadError('E_SECRET_KEY', `references non-existent secret key: ${k}`), into);
  return into;
}

export function downwardApiPayload(ctx: PayloadContext, items: KubeObject[] | undefined, defaultMode: number, into: Payload = new Map()): Payload {
  for (const item of items ?? []) {
    let value: string;
    try {
      if (item['fieldRef']) {
        value = podFieldValue(ctx.pod, String(item['fieldRef'].fieldPath), ctx.facts);
      } else if (item['resourceFieldRef']) {
        const ref = item['resourceFieldRef'];
        const containers = [...(ctx.pod['spec']?.containers ?? []), ...(ctx.pod['spec']?.initContainers ?? [])] as KubeObject[];
        const container = containers.find((c) => c['name'] === ref.containerName);
        if (!container) throw new PayloadError('E_RESOURCE_FIELD', `container ${ref.containerName ?? ''} not found in pod`);
        value = containerResourceValue(container, ref, ctx.facts);
      } else {
        continue;
      }
    } catch (e) {
      throw e instanceof PayloadError ? e : new PayloadError('E_DOWNWARD_API', (e as Error).message);
    }
    into.set(String(item['path']), { data: Buffer.from(value, 'utf8'), mode: item['mode'] ?? defaultMode });
  }
  return into;
}

/**
 * A projected volume's files. serviceAccountToken and clusterTrustBundle sources are skipped
 * (ordinal issues no service account tokens); `skipped` receives their paths.
 */
export function projectedPayload(ctx: PayloadContext, projected: KubeObject, skipped: (what: string) => void = () => undefined): Payload {
  const defaultMode: number = projected['defaultMode'] ?? DEFAULT_FILE_MODE;
  const into: Payload = new Map();
  const errors: string[] = [];
  let code = 'E_PROJECTED';
  for (const source of (projected['sources'] ?? []) as KubeObject[]) {
    try {
      if (source['configMap']) configMapPayload(ctx, source['configMap'], defaultMode, into);
      else if (source['secret']) secretPayload(ctx, String(source['secret'].name ?? ''), source['secret'], defaultMode, into);
      else if (source['downwardAPI']) downwardApiPayload(ctx, source['downwardAPI'].items, defaultMode, into);
      else if (source['serviceAccountToken']) skipped(`serviceAccountToken (path "${source['serviceAccountToken'].path ?? ''}")`);
      else if (source['clusterTrustBundle']) skipped(`clusterTrustBundle (path "${source['clusterTrustBundle'].path ?? ''}")`);
    } catch (e) {
      if (!(e instanceof PayloadError)) throw e;
      code = e.code;
      errors.push(e.message);
    }
  }
  if (errors.length === 1) throw new PayloadError(code, errors[0]!);
  if (errors.length > 1) throw new PayloadError(code, `[${errors.join(', ')}]`);
  return into;
}
