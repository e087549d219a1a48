import type { StatusCause } from '../../../lib/errors.js';
import { child, duplicate, forbidden, index, invalid, invalidEach, notSupported, required } from '../causes.js';
import { arrayAt, isInteger, isObject, jsonEqualExcept, stringAt, type JsonObject } from '../json-value.js';
import { isEmptySelector, selectorMatches, validateLabelSelector } from '../labels.js';
import { isDns1123Label } from '../name-rules.js';
import { validateTemplateMeta } from '../object-meta.js';
import { validatePodSpec } from './pod-spec.js';
import type { KindValidator } from './types.js';

/** StatefulSet: ValidateStatefulSetSpec and ValidateStatefulSetUpdate. */

const updatableFields = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'revisionHistoryLimit'];
const updateMessage = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', " +
  "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function nonNegative(spec: JsonObject, k: string, field: string): StatusCause[] {
  return isInteger(spec[k]) && spec[k] < 0 ? [invalid(field, spec[k], 'must be greater than or equal to 0')] : [];
}

function validateUpdateStrategy(spec: JsonObject): StatusCause[] {
  const s = spec.updateStrategy;
  const f = 'spec.updateStrategy';
  if (!isObject(s) || !stringAt(s.type)) return [required(f)];
  if (s.type === 'OnDelete' && s.rollingUpdate !== undefined) {
    return [invalid(child(f, 'rollingUpdate'), s.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")];
  }
  if (s.type === 'RollingUpdate' && isObject(s.rollingUpdate)) return nonNegative(s.rollingUpdate, 'partition', child(child(f, 'rollingUpdate'), 'partition'));
  return [];
}

function validateRetentionPolicy(spec: JsonObject): StatusCause[] {
  const p = spec.persistentVolumeClaimRetentionPolicy;
  if (!isObject(p)) return [];
  const causes: StatusCause[] = [];
  for (const k of ['whenDeleted', 'whenScaled'] as const) {
    if (p[k] !== undefined && p[k] !== 'Retain' && p[k] !== 'Delete') {
      causes.push(notSupported(child('spec.persistentVolumeClaimRetentionPolicy', k), p[k], ['Retain', 'Delete']));
    }
  }
  return causes;
}

function claimTemplateNames(spec: JsonObject): { names: string[]; causes: StatusCause[] } {
  const names: string[] = [];
  const causes: StatusCause[] = [];
  arrayAt(spec.volumeClaimTemplates).forEach((t, i) => {
    const f = child(index('spec.volumeClaimTemplates', i), 'metadata.name');
    const name = isObject(t) && isObject(t.metadata) ? stringAt(t.metadata.name) : '';
    if (!name) return void causes.push(required(f));
    causes.push(...invalidEach(f, name, isDns1123Label(name)));
    if (names.includes(name)) causes.push(duplicate(f, name));
    names.push(name);
  });
  return { names, causes };
}

function validateTemplate(spec: JsonObject, claimNames: string[]): StatusCause[] {
  const t = spec.template;
  if (!isObject(t)) return [required('spec.template')];
  const causes = validateTemplateMeta(t.metadata, 'spec.template.metadata');
  const labels = isObject(t.metadata) && isObject(t.metadata.labels) ? t.metadata.labels : {};
  if (isObject(spec.selector) && !isEmptySelector(spec.selector) && !selectorMatches(spec.selector, labels)) {
    causes.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  causes.push(...validatePodSpec(t.spec, 'spec.template.spec', { extraVolumeNames: claimNames }));
  if (isObject(t.spec)) {
    if (stringAt(t.spec.restartPolicy) && t.spec.restartPolicy !== 'Always') {
      causes.push(notSupported('spec.template.spec.restartPolicy', t.spec.restartPolicy, ['Always']));
    }
    if (t.spec.activeDeadlineSeconds !== undefined) {
      causes.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
    }
  }
  return causes;
}

function validateSpec(spec: unknown): StatusCause[] {
  if (!isObject(spec)) return [required('spec')];
  const causes = [
    ...nonNegative(spec, 'replicas', 'spec.replicas'),
    ...nonNegative(spec, 'minReadySeconds', 'spec.minReadySeconds'),
    ...validateUpdateStrategy(spec),
    ...validateRetentionPolicy(spec),
  ];
  if (isObject(spec.ordinals)) causes.push(...nonNegative(spec.ordinals, 'start', 'spec.ordinals.start'));
  if (!stringAt(spec.podManagementPolicy)) causes.push(required('spec.podManagementPolicy'));
  if (!isObject(spec.selector)) causes.push(required('spec.selector'));
  else {
    causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
    if (isEmptySelector(spec.selector)) causes.push(invalid('spec.selector', spec.selector, 'empty selector is invalid for statefulset'));
  }
  const claims = claimTemplateNames(spec);
  causes.push(...claims.causes, ...validateTemplate(spec, claims.names));
  return causes;
}

function validateSpecUpdate(spec: unknown, old: unknown): StatusCause[] {
  if (!isObject(spec) || !isObject(old)) return [];
  return jsonEqualExcept(spec, old, updatableFields) ? [] : [forbidden('spec', updateMessage)];
}

export const statefulSetValidator: KindValidator = {
  validate(obj, ctx) {
    if (ctx.subresource === 'status') return [];
    if (ctx.subresource === 'scale') return nonNegative(isObject(obj.spec) ? obj.spec : {}, 'replicas', 'spec.replicas');
    return validateSpec(obj.spec);
  },
  validateUpdate(obj, old, ctx) {
    return ctx.subresource ? [] : validateSpecUpdate(obj.spec, old.spec);
  },
};
