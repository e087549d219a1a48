import type { Static, TSchema } from '@sinclair/typebox';
import { OPERATOR_API_VERSION, OPERATOR_GROUP, OPERATOR_VERSION } from './types.js';
import { customResourceSchema } from './openapi-schema.js';

/** One column of `kubectl get` (additionalPrinterColumns). */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  format?: string;
  /** 0 (default) shows always; > 0 only with -o wide. */
  priority?: number;
}

export interface KindOptions<TSpec extends TSchema, TStatus extends TSchema> {
  kind: string;
  plural: string;
  singular?: string;
  shortNames?: string[];
  /** For kubectl explain. */
  description?: string;
  spec: TSpec;
  status: TStatus;
  printerColumns?: PrinterColumn[];
  /** Adds the scale subresource (e.g. `.spec.masters` / `.status.masters`). */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** Default ['ordinal'] so `kubectl get ordinal` lists every operator's objects. */
  categories?: string[];
}

/** A kind's custom resource as operators see it (the TS types come from the same schemas as the CRD). */
export interface CustomObject<TSpec, TStatus> {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
    creationTimestamp?: string;
  };
  spec: TSpec;
  status?: TStatus;
}

export interface KindDefinition<TSpec extends TSchema = TSchema, TStatus extends TSchema = TSchema> {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  group: string;
  version: string;
  apiVersion: string;
  spec: TSpec;
  status: TStatus;
  /** The apiextensions.k8s.io/v1 CustomResourceDefinition to install. */
  crd: Record<string, unknown>;
  /** All namespaces: `/apis/ordinal.dev/v1alpha1/<plural>` (what an informer watches). */
  readonly listPath: string;
  /** A namespace's collection, or one object: `.../namespaces/<ns>/<plural>[/<name>]`. */
  path(namespace: string, name?: string): string;
  /** `.../namespaces/<ns>/<plural>/<name>/status`. */
  statusPath(namespace: string, name: string): string;
  /** Type marker only (`typeof kind.object`): never set at run time. */
  readonly object?: CustomObject<Static<TSpec>, Static<TStatus>>;
}

/** The object type of a kind: `KindObject<typeof redisClusterKind>`. */
export type KindObject<K extends KindDefinition> = K extends KindDefinition<infer S, infer T> ? CustomObject<Static<S>, Static<T>> : never;

function buildCrd(o: KindOptions<TSchema, TSchema>, singular: string, shortNames: string[]): Record<string, unknown> {
  const subresources: Record<string, unknown> = { status: {} };
  if (o.scale) subresources['scale'] = o.scale;
  const columns = [...(o.printerColumns ?? []), { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${o.plural}.${OPERATOR_GROUP}`, labels: { 'app.kubernetes.io/managed-by': 'ordinal-operators' } },
    spec: {
      group: OPERATOR_GROUP,
      scope: 'Namespaced',
      names: { kind: o.kind, listKind: `${o.kind}List`, plural: o.plural, singular, shortNames, categories: o.categories ?? ['ordinal'] },
      versions: [
        {
          name: OPERATOR_VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: customResourceSchema(o.spec, o.status, o.description) },
          subresources,
          additionalPrinterColumns: columns,
        },
      ],
    },
  };
}

/** One definition per kind: the CRD (schema from TypeBox), its names and REST paths. */
export function defineKind<TSpec extends TSchema, TStatus extends TSchema>(o: KindOptions<TSpec, TStatus>): KindDefinition<TSpec, TStatus> {
  const singular = o.singular ?? o.kind.toLowerCase();
  const shortNames = o.shortNames ?? [];
  const base = `/apis/${OPERATOR_GROUP}/${OPERATOR_VERSION}`;
  const path = (namespace: string, name?: string): string =>
    `${base}/namespaces/${encodeURIComponent(namespace)}/${o.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  return {
    kind: o.kind,
    plural: o.plural,
    singular,
    shortNames,
    group: OPERATOR_GROUP,
    version: OPERATOR_VERSION,
    apiVersion: OPERATOR_API_VERSION,
    spec: o.spec,
    status: o.status,
    crd: buildCrd(o, singular, shortNames),
    listPath: `${base}/${o.plural}`,
    path,
    statusPath: (namespace, name) => `${path(namespace, name)}/status`,
  };
}
