import type { StatusCause } from '../../../lib/errors.js';
import { forbidden, invalid } from '../causes.js';
import { arrayAt, cloneJson, isInteger, isObject, jsonEqual, type JsonObject } from '../json-value.js';
import { validatePodSpec } from './pod-spec.js';
import type { KindValidator } from './types.js';

/** Pods: ValidatePodCreate and ValidatePodUpdate (the spec is immutable except a few fields). */

const podUpdateMessage = 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function copyImages(munged: JsonObject, old: JsonObject, key: 'containers' | 'initContainers'): void {
  const newList = arrayAt(munged[key]);
  const oldList = arrayAt(old[key]);
  if (newList.length !== oldList.length) return;
  newList.forEach((c, i) => {
    const o = oldList[i];
    if (isObject(c) && isObject(o)) {
      if (o.image === undefined) delete c.image;
      else c.image = o.image;
    }
  });
}

function validateDeadlineUpdate(spec: JsonObject, old: JsonObject): StatusCause[] {
  const f = 'spec.activeDeadlineSeconds';
  if (isInteger(spec.activeDeadlineSeconds)) {
    if (isInteger(old.activeDeadlineSeconds) && spec.activeDeadlineSeconds > old.activeDeadlineSeconds) {
      return [invalid(f, spec.activeDeadlineSeconds, 'must be less than or equal to previous value')];
    }
  } else if (old.activeDeadlineSeconds !== undefined) {
    return [invalid(f, null, 'must not update from a positive integer to nil value')];
  }
  return [];
}

function tolerationKey(t: unknown): string {
  if (!isObject(t)) return JSON.stringify(t);
  const { tolerationSeconds: _ignored, ...rest } = t;
  return JSON.stringify(Object.keys(rest).sort().map((k) => [k, rest[k]]));
}

function validateTolerationsUpdate(spec: JsonObject, old: JsonObject): StatusCause[] {
  const newKeys = new Set(arrayAt(spec.tolerations).map(tolerationKey));
  const kept = arrayAt(old.tolerations).every((t) => newKeys.has(tolerationKey(t)));
  return kept ? [] : [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
}

function validatePodSpecUpdate(spec: JsonObject, old: JsonObject): StatusCause[] {
  const causes = [...validateDeadlineUpdate(spec, old), ...validateTolerationsUpdate(spec, old)];
  const munged = cloneJson(spec);
  copyImages(munged, old, 'containers');
  copyImages(munged, old, 'initContainers');
  for (const k of ['activeDeadlineSeconds', 'tolerations'] as const) {
    if (old[k] === undefined) delete munged[k];
    else munged[k] = old[k];
  }
  if (isInteger(old.terminationGracePeriodSeconds) && old.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  const oldGates = arrayAt(old.schedulingGates).map((g) => JSON.stringify(g));
  if (arrayAt(munged.schedulingGates).every((g) => oldGates.includes(JSON.stringify(g)))) {
    if (old.schedulingGates === undefined) delete munged.schedulingGates;
    else munged.schedulingGates = old.schedulingGates;
  }
  if (!jsonEqual(munged, old)) causes.push(forbidden('spec', podUpdateMessage));
  return causes;
}

export const podValidator: KindValidator = {
  validate(obj, ctx) {
    if (ctx.subresource) return [];
    return validatePodSpec(obj.spec, 'spec');
  },
  validateUpdate(obj, old, ctx) {
    if (ctx.subresource || !isObject(obj.spec) || !isObject(old.spec)) return [];
    return validatePodSpecUpdate(obj.spec, old.spec);
  },
};

