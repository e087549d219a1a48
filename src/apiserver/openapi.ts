import { createHash } from 'node:crypto';
import type { ResourceRegistry } from './registry/resource-registry.js';
import type { ResourceInfo } from './registry/types.js';

/**
 * OpenAPI v3 as kubectl 1.32 reads it: one document per group/version whose PATCH operations carry
 * x-kubernetes-group-version-kind and the fieldValidation parameter, so kubectl hands validation to
 * this server (fieldValidation=Strict) instead of validating client-side. CRD schemas are included so
 * `kubectl explain` works for custom resources. Built-in kinds' schemas are not (yet) served.
 */
function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const queryParams = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string' }, uniqueItems: true }));

function schemaName(r: ResourceInfo): string {
  const g = (r.group || 'core').split('.').reverse().join('.');
  return `${g}.${r.version}.${r.kind}`;
}

export function openApiIndex(registry: ResourceRegistry): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [group, versions] of registry.groups()) {
    for (const v of versions) {
      const p = gvPath(group, v);
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(JSON.stringify(openApiDocument(registry, group, v)))}` };
    }
  }
  return { paths };
}

function hashOf(s: string): string {
  return createHash('sha512').update(s).digest('hex').slice(0, 32).toUpperCase();
}

export function openApiDocument(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const rs = registry.all().filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const r of rs) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const base = `/${gvPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
    const op = (action: string): Record<string, unknown> => ({
      operationId: `${action}${r.kind}`,
      parameters: queryParams,
      responses: { '200': { description: 'OK' } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    paths[base] = { get: op('list'), post: op('post'), delete: op('deletecollection') };
    paths[`${base}/{name}`] = { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') };
    const view = registry.crdView(r);
    if (view?.schema) schemas[schemaName(r)] = { ...view.schema, 'x-kubernetes-group-version-kind': [gvk] };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
}
