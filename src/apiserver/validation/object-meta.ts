import type { StatusCause } from '../../lib/errors.js';
import type { ResourceInfo } from '../registry/types.js';
import { child, forbidden, immutable, index, invalid, invalidEach, required } from './causes.js';
import { arrayAt, isObject, jsonEqual, stringAt, type JsonObject } from './json-value.js';
import { validateAnnotations, validateLabels } from './labels.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isQualifiedName, maskTrailingDash } from './name-rules.js';

/** ObjectMeta checks shared by every kind: name/generateName, namespace, labels, annotations, owners. */

export type NameRule = (name: string) => string[];

/** The metadata.name rule kube-apiserver applies to each kind. */
export function nameRuleFor(info: Pick<ResourceInfo, 'group' | 'kind' | 'custom'>): NameRule {
  if (!info.custom && info.group === '') {
    if (info.kind === 'Namespace') return isDns1123Label;
    if (info.kind === 'Service') return isDns1035Label;
  }
  return isDns1123Subdomain;
}

export interface MetaOptions {
  namespaced: boolean;
  nameRule: NameRule;
}

export function validateObjectMeta(meta: unknown, opts: MetaOptions, field = 'metadata'): StatusCause[] {
  if (!isObject(meta)) return [required(field)];
  const causes: StatusCause[] = [];
  const name = stringAt(meta.name);
  const generateName = stringAt(meta.generateName);
  if (generateName) causes.push(...invalidEach(child(field, 'generateName'), generateName, opts.nameRule(maskTrailingDash(generateName))));
  if (name) causes.push(...invalidEach(child(field, 'name'), name, opts.nameRule(name)));
  else if (!generateName) causes.push(required(child(field, 'name'), 'name or generateName is required'));
  const namespace = stringAt(meta.namespace);
  if (opts.namespaced) {
    if (!namespace) causes.push(required(child(field, 'namespace')));
    else causes.push(...invalidEach(child(field, 'namespace'), namespace, isDns1123Label(namespace)));
  } else if (namespace) {
    causes.push(forbidden(child(field, 'namespace'), 'not allowed on this type'));
  }
  causes.push(...validateLabels(meta.labels, child(field, 'labels')));
  causes.push(...validateAnnotations(meta.annotations, child(field, 'annotations')));
  causes.push(...validateOwnerReferences(meta.ownerReferences, child(field, 'ownerReferences')));
  arrayAt(meta.finalizers).forEach((f, i) => {
    if (typeof f === 'string') causes.push(...invalidEach(index(child(field, 'finalizers'), i), f, isQualifiedName(f)));
  });
  return causes;
}

/** Labels and annotations only, for embedded templates (pod templates, claim templates). */
export function validateTemplateMeta(meta: unknown, field: string): StatusCause[] {
  if (!isObject(meta)) return [];
  return [...validateLabels(meta.labels, child(field, 'labels')), ...validateAnnotations(meta.annotations, child(field, 'annotations'))];
}

function validateOwnerReferences(refs: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  let controllers = 0;
  arrayAt(refs).forEach((ref, i) => {
    if (!isObject(ref)) return;
    const f = index(field, i);
    if (!stringAt(ref.apiVersion)) causes.push(invalid(child(f, 'apiVersion'), '', 'version must not be empty'));
    if (!stringAt(ref.kind)) causes.push(invalid(child(f, 'kind'), '', 'kind must not be empty'));
    if (!stringAt(ref.name)) causes.push(invalid(child(f, 'name'), '', 'name must not be empty'));
    if (!stringAt(ref.uid)) causes.push(invalid(child(f, 'uid'), '', 'uid must not be empty'));
    if (ref.controller === true) controllers++;
  });
  if (controllers > 1) causes.push(invalid(field, refs, 'Only one reference can have Controller set to true'));
  return causes;
}

/** Fields of ObjectMeta that an update may not change. */
export function validateObjectMetaUpdate(meta: JsonObject, old: JsonObject, field = 'metadata'): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const k of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    if (old[k] !== undefined && !jsonEqual(meta[k], old[k])) causes.push(immutable(child(field, k), meta[k] ?? ''));
  }
  if (old.deletionTimestamp !== undefined && !jsonEqual(meta.deletionTimestamp, old.deletionTimestamp)) {
    causes.push(invalid(child(field, 'deletionTimestamp'), meta.deletionTimestamp ?? null, 'field is immutable; may only be changed via deletion'));
  }
  return causes;
}
