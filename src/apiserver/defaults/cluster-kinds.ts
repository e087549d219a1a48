import { cloneJson, ensureObject, isObject, setDefault, type JsonObject } from '../validation/json-value.js';

/** Defaults of Namespace, Node, Secret and CustomResourceDefinition. */

export function defaultNamespace(obj: JsonObject): void {
  const spec = ensureObject(obj, 'spec');
  if (spec) setDefault(spec, 'finalizers', ['kubernetes']);
  const status = ensureObject(obj, 'status');
  if (status) setDefault(status, 'phase', 'Active');
  const meta = ensureObject(obj, 'metadata');
  if (meta && typeof meta.name === 'string' && meta.name) {
    const labels = ensureObject(meta, 'labels');
    if (labels) labels['kubernetes.io/metadata.name'] = meta.name;
  }
}

export function defaultNode(obj: JsonObject): void {
  const status = obj.status;
  if (isObject(status) && isObject(status.capacity) && (status.allocatable === undefined || status.allocatable === null)) {
    status.allocatable = cloneJson(status.capacity);
  }
}

/** type Opaque; stringData is merged into data (base64) and dropped, as the v1 conversion does. */
export function defaultSecret(obj: JsonObject): void {
  setDefault(obj, 'type', 'Opaque');
  if (isObject(obj.stringData)) {
    const data = ensureObject(obj, 'data');
    if (data) {
      for (const [k, v] of Object.entries(obj.stringData)) {
        if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
      }
      delete obj.stringData;
    }
  }
}

export function defaultCustomResourceDefinition(obj: JsonObject): void {
  const spec = obj.spec;
  if (!isObject(spec)) return;
  const conversion = ensureObject(spec, 'conversion');
  if (conversion) {
    setDefault(conversion, 'strategy', 'None');
    const service = isObject(conversion.webhook) && isObject(conversion.webhook.clientConfig) ? conversion.webhook.clientConfig.service : undefined;
    if (isObject(service)) setDefault(service, 'port', 443);
  }
  const names = spec.names;
  if (isObject(names) && typeof names.kind === 'string' && names.kind) {
    setDefault(names, 'singular', names.kind.toLowerCase());
    setDefault(names, 'listKind', `${names.kind}List`);
  }
}
