import type { StatusCause } from '../../../lib/errors.js';
import { child, duplicate, immutable, index, invalid, invalidEach, notSupported, required } from '../causes.js';
import { checkStructuralSchema } from '../crd/structural.js';
import { arrayAt, isObject, stringAt, type JsonObject } from '../json-value.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from '../name-rules.js';
import type { KindValidator } from './types.js';

/** CustomResourceDefinition (apiextensions.k8s.io/v1): names, group, versions, schemas, subresources, conversion. */

const kindPattern = '[a-z]([-a-z0-9]*[a-z0-9])?';

function validateKindName(value: string, field: string): StatusCause[] {
  if (!value) return [required(field)];
  return isDns1035Label(value.toLowerCase()).length > 0 ? [invalid(field, value, `may have mixed case, but should otherwise match: ${kindPattern}`)] : [];
}

function validateNames(names: unknown): StatusCause[] {
  if (!isObject(names)) return [required('spec.names')];
  const f = 'spec.names';
  const causes: StatusCause[] = [];
  const plural = stringAt(names.plural);
  if (!plural) causes.push(required(child(f, 'plural')));
  else causes.push(...invalidEach(child(f, 'plural'), plural, isDns1123Label(plural)));
  const singular = stringAt(names.singular);
  if (singular) causes.push(...invalidEach(child(f, 'singular'), singular, isDns1123Label(singular)));
  causes.push(...validateKindName(stringAt(names.kind), child(f, 'kind')));
  causes.push(...validateKindName(stringAt(names.listKind), child(f, 'listKind')));
  if (names.kind && names.kind === names.listKind) causes.push(invalid(child(f, 'listKind'), names.listKind, 'kind and listKind may not be the same'));
  for (const list of ['shortNames', 'categories'] as const) {
    arrayAt(names[list]).forEach((s, i) => {
      if (typeof s === 'string') causes.push(...invalidEach(index(child(f, list), i), s, isDns1123Label(s)));
    });
  }
  return causes;
}

function validateScale(scale: unknown, f: string): StatusCause[] {
  if (!isObject(scale)) return [];
  const causes: StatusCause[] = [];
  const spec = stringAt(scale.specReplicasPath);
  if (!spec) causes.push(required(child(f, 'specReplicasPath')));
  else if (!spec.startsWith('.spec.')) causes.push(invalid(child(f, 'specReplicasPath'), spec, 'should be a json path under .spec'));
  const status = stringAt(scale.statusReplicasPath);
  if (!status) causes.push(required(child(f, 'statusReplicasPath')));
  else if (!status.startsWith('.status.')) causes.push(invalid(child(f, 'statusReplicasPath'), status, 'should be a json path under .status'));
  return causes;
}

function validateVersions(versions: unknown): StatusCause[] {
  const list = arrayAt(versions);
  if (list.length === 0) return [required('spec.versions', 'must have exactly one version marked as storage version')];
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (!isObject(v)) return;
    const f = index('spec.versions', i);
    const name = stringAt(v.name);
    causes.push(...invalidEach(child(f, 'name'), name, isDns1035Label(name)));
    if (seen.has(name)) causes.push(duplicate(child(f, 'name'), name));
    seen.add(name);
    const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isObject(schema)) causes.push(required(child(f, 'schema.openAPIV3Schema'), 'schemas are required'));
    else causes.push(...checkStructuralSchema(schema, child(f, 'schema.openAPIV3Schema')));
    if (isObject(v.subresources)) causes.push(...validateScale(v.subresources.scale, child(f, 'subresources.scale')));
  });
  const storage = list.filter((v) => isObject(v) && v.storage === true).length;
  if (storage !== 1) causes.push(invalid('spec.versions', list.map((v) => (isObject(v) ? v.name : v)), 'must have exactly one version marked as storage version'));
  if (!list.some((v) => isObject(v) && v.served === true)) causes.push(invalid('spec.versions', list.map((v) => (isObject(v) ? v.name : v)), 'must have at least one served version'));
  return causes;
}

function validateConversion(conv: unknown): StatusCause[] {
  if (!isObject(conv)) return [];
  const strategy = stringAt(conv.strategy);
  if (strategy !== 'None' && strategy !== 'Webhook') return [notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook'])];
  if (strategy === 'Webhook') {
    if (!isObject(conv.webhook)) return [required('spec.conversion.webhook', 'required when strategy is set to Webhook')];
    if (arrayAt(conv.webhook.conversionReviewVersions).length === 0) return [required('spec.conversion.webhook.conversionReviewVersions')];
  }
  return [];
}

function validateSpec(obj: JsonObject): StatusCause[] {
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return [required('spec')];
  const causes: StatusCause[] = [];
  const group = stringAt(spec.group);
  if (!group) causes.push(required('spec.group'));
  else {
    causes.push(...invalidEach('spec.group', group, isDns1123Subdomain(group)));
    if (!group.includes('.')) causes.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') causes.push(notSupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']));
  causes.push(...validateNames(spec.names), ...validateVersions(spec.versions), ...validateConversion(spec.conversion));
  const plural = isObject(spec.names) ? stringAt(spec.names.plural) : '';
  const name = isObject(obj.metadata) ? stringAt(obj.metadata.name) : '';
  if (name && plural && group && name !== `${plural}.${group}`) causes.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  return causes;
}

export const customResourceDefinitionValidator: KindValidator = {
  validate(obj, ctx) {
    return ctx.subresource ? [] : validateSpec(obj);
  },
  validateUpdate(obj, old, ctx) {
    if (ctx.subresource) return [];
    const spec = isObject(obj.spec) ? obj.spec : {};
    const oldSpec = isObject(old.spec) ? old.spec : {};
    const causes: StatusCause[] = [];
    if (spec.scope !== oldSpec.scope) causes.push(immutable('spec.scope', spec.scope ?? ''));
    if (spec.group !== oldSpec.group) causes.push(immutable('spec.group', spec.group ?? ''));
    return causes;
  },
};
