import { isJsonObject, type JsonObject, type ResolvedResource } from '../../client/index.js';
import { secretValuesOf } from '../print/redact.js';
import { CliError } from './cli-error.js';
import type { Connection } from './connection.js';
import type { Manifest } from './manifest-files.js';
import { validateManifest } from './manifest-split.js';

/** A manifest object ready to send: resolved, its namespace settled. */
export interface ManifestTarget {
  source: string;
  /** A copy of the manifest with metadata.namespace set for namespaced kinds. */
  object: JsonObject;
  resource: ResolvedResource;
  namespace: string | undefined;
  name: string;
  /** Values to keep out of any message about this object (a Secret's data). */
  secretValues: string[];
}

function metadataOf(obj: JsonObject): JsonObject {
  const meta = obj['metadata'];
  if (isJsonObject(meta)) return meta;
  const created: JsonObject = {};
  obj['metadata'] = created;
  return created;
}

/** Check and resolve every manifest before anything is sent, so bad input sends nothing. */
export async function resolveManifests(conn: Connection, manifests: Manifest[], options: { allowGenerateName: boolean }): Promise<ManifestTarget[]> {
  const out: ManifestTarget[] = [];
  for (const m of manifests) validateManifest(m.object, m.source, options.allowGenerateName);
  for (const m of manifests) {
    const object = JSON.parse(JSON.stringify(m.object)) as JsonObject;
    const meta = metadataOf(object);
    const name = typeof meta['name'] === 'string' ? meta['name'] : '';
    const apiVersion = String(object['apiVersion']);
    const kind = String(object['kind']);
    const objNamespace = typeof meta['namespace'] === 'string' && meta['namespace'] ? meta['namespace'] : undefined;
    const resource = await conn.resolveKind(apiVersion, kind);
    if (!resource) {
      throw new CliError(
        `resource mapping not found for name: "${name}" namespace: "${objNamespace ?? ''}" from "${m.source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      );
    }
    let namespace: string | undefined;
    if (resource.namespaced) {
      if (conn.namespaceExplicit && objNamespace && objNamespace !== conn.namespace) {
        throw new CliError(`the namespace from the provided object "${objNamespace}" does not match the namespace "${conn.namespace}". You must pass '--namespace=${objNamespace}' to perform this operation.`);
      }
      namespace = objNamespace ?? conn.namespace;
      meta['namespace'] = namespace;
    }
    out.push({ source: m.source, object, resource, namespace, name, secretValues: secretValuesOf(m.object) });
  }
  return out;
}
