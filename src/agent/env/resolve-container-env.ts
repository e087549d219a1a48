/**
 * A container's environment as the kubelet (makeEnvironmentVariables) and a CRI runtime build it:
 * HOSTNAME, then the image's ENV, then the container's variables: envFrom first (ConfigMaps and
 * Secrets, with prefix; keys that are not valid names are skipped with a warning), then `env` in
 * order. A literal value has `$(VAR)` expanded against the container variables defined before it
 * (Kubernetes rules: `$$` escapes, unknown references stay literal; image ENV is not visible to
 * expansion, as in Kubernetes). valueFrom results are never expanded. An optional reference that
 * is missing leaves the variable unset.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { expandVars, lookupIn } from '../images/index.js';
import { DEFAULT_CLUSTER_ZONE, podHostname } from '../pod-files/hostname.js';
import { containerResourceValue, podFieldValue } from './field-ref.js';
import { configMapStrings, secretBytes } from './object-data.js';
import { configError } from './pod-input-error.js';
import type { PodFacts, PodInputSource, PodInputWarning } from './types.js';

const envVarName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function isEnvVarName(name: string): boolean {
  return envVarName.test(name);
}

interface Lookups {
  configMap(name: string, optional: boolean): Record<string, string> | undefined;
  secret(name: string, optional: boolean): Map<string, Buffer> | undefined;
}

function cachedLookups(namespace: string, source: PodInputSource): Lookups {
  const cms = new Map<string, Record<string, string>>();
  const secrets = new Map<string, Map<string, Buffer>>();
  return {
    configMap(name, optional) {
      let data = cms.get(name);
      if (!data) {
        const cm = source.configMap(namespace, name);
        if (!cm) {
          if (optional) return undefined;
          throw configError('E_CONFIGMAP_NOT_FOUND', `configmap "${name}" not found`);
        }
        data = configMapStrings(cm);
        cms.set(name, data);
      }
      return data;
    },
    secret(name, optional) {
      let data = secrets.get(name);
      if (!data) {
        const s = source.secret(namespace, name);
        if (!s) {
          if (optional) return undefined;
          throw configError('E_SECRET_NOT_FOUND', `secret "${name}" not found`);
        }
        data = secretBytes(s);
        secrets.set(name, data);
      }
      return data;
    },
  };
}

export interface ResolveEnvOptions {
  /** Cluster domain for the hostname (setHostnameAsFQDN); default cluster.local. */
  zone?: string;
  /** Called for events that do not stop the container (InvalidEnvironmentVariableNames). */
  warn?: PodInputWarning;
}

/** The container variables only (no HOSTNAME, no image ENV): what `$(VAR)` in command/args sees. */
export function containerEnvVars(
  pod: KubeObject,
  container: KubeObject,
  source: PodInputSource,
  facts: Partial<PodFacts>,
  options: ResolveEnvOptions = {},
): Record<string, string> {
  const namespace = String(pod['metadata']?.namespace ?? 'default');
  const lookups = cachedLookups(namespace, source);
  const env: Record<string, string> = {};

  for (const from of (container['envFrom'] ?? []) as KubeObject[]) {
    const prefix = String(from['prefix'] ?? '');
    const ref = from['configMapRef'] ?? from['secretRef'];
    if (!ref) continue;
    const isSecret = from['configMapRef'] === undefined;
    const optional = ref.optional === true;
    const entries: Array<[string, string]> = isSecret
      ? [...(lookups.secret(ref.name, optional) ?? new Map<string, Buffer>())].map(([k, v]) => [k, v.toString('utf8')])
      : Object.entries(lookups.configMap(ref.name, optional) ?? {});
    const invalid: string[] = [];
    for (const [key, value] of entries) {
      const name = prefix + key;
      if (!isEnvVarName(name)) {
        invalid.push(name);
        continue;
      }
      env[name] = value;
    }
    if (invalid.length > 0) {
      options.warn?.('InvalidEnvironmentVariableNames', `Keys [${invalid.sort().join(', ')}] from the EnvFrom ${isSecret ? 'secret' : 'configMap'} ${namespace}/${ref.name} were skipped since they are considered invalid environment variable names.`);
    }
  }

  const lookup = lookupIn(env);
  for (const v of (container['env'] ?? []) as KubeObject[]) {
    const name = String(v['name']);
    const literal = v['value'];
    if (typeof literal === 'string' && literal !== '') {
      env[name] = expandVars(literal, lookup);
      continue;
    }
    const from = v['valueFrom'];
    if (!from) {
      env[name] = '';
      continue;
    }
    if (from.fieldRef) {
      env[name] = podFieldValue(pod, String(from.fieldRef.fieldPath), facts);
    } else if (from.resourceFieldRef) {
      const target = from.resourceFieldRef.containerName ? findContainer(pod, from.resourceFieldRef.containerName) ?? container : container;
      env[name] = containerResourceValue(target, from.resourceFieldRef, facts);
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const optional = ref.optional === true;
      const data = lookups.configMap(ref.name, optional);
      if (!data) continue;
      if (!Object.prototype.hasOwnProperty.call(data, ref.key)) {
        if (optional) continue;
        throw configError('E_CONFIGMAP_KEY', `couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name}`);
      }
      env[name] = data[ref.key]!;
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const optional = ref.optional === true;
      const data = lookups.secret(ref.name, optional);
      if (!data) continue;
      const value = data.get(ref.key);
      if (value === undefined) {
        if (optional) continue;
        throw configError('E_SECRET_KEY', `couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}`);
      }
      env[name] = value.toString('utf8');
    } else {
      env[name] = '';
    }
  }
  return env;
}

function findContainer(pod: KubeObject, name: string): KubeObject | undefined {
  const spec = pod['spec'] ?? {};
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((c: KubeObject) => c['name'] === name);
}

/**
 * The full environment the process starts with: HOSTNAME (the pod's hostname, as a runtime sets
 * it), overridden by the image's ENV, overridden by the container's variables.
 * Throws PodInputError (reason CreateContainerConfigError) for a missing object or key.
 */
export function resolveContainerEnv(
  pod: KubeObject,
  container: KubeObject,
  imageEnv: Readonly<Record<string, string>>,
  source: PodInputSource,
  facts: Partial<PodFacts>,
  options: ResolveEnvOptions = {},
): Record<string, string> {
  const hostname = podHostname(pod, options.zone ?? DEFAULT_CLUSTER_ZONE).containerHostname;
  const vars = containerEnvVars(pod, container, source, facts, options);
  return { HOSTNAME: hostname, ...imageEnv, ...vars };
}
