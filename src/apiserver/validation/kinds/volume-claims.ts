import type { StatusCause } from '../../../lib/errors.js';
import { child, forbidden, invalid, invalidEach, key, required } from '../causes.js';
import { arrayAt, cloneJson, isObject, jsonEqual, stringAt, type JsonObject } from '../json-value.js';
import { validateLabelSelector } from '../labels.js';
import { isDns1123Subdomain } from '../name-rules.js';
import { parseQuantity } from '../../../lib/quantity.js';
import type { KindValidator } from './types.js';

/** PersistentVolumeClaim spec rules (ValidatePersistentVolumeClaimSpec) and the claim update rules. */

export function validateClaimSpec(spec: unknown, field: string): StatusCause[] {
  if (!isObject(spec)) return [required(field)];
  const causes: StatusCause[] = [];
  const modes = arrayAt(spec.accessModes);
  if (modes.length === 0) causes.push(required(child(field, 'accessModes'), 'at least 1 access mode is required'));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) causes.push(forbidden(child(field, 'accessModes'), 'may not use ReadWriteOncePod with other access modes'));
  const requests = isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests : {};
  const storageField = key(child(field, 'resources'), 'storage');
  if (requests.storage === undefined) causes.push(required(storageField));
  else {
    const v = parseQuantity(requests.storage);
    if (v !== undefined && v <= 0) causes.push(invalid(storageField, String(requests.storage), 'must be greater than zero'));
  }
  causes.push(...validateLabelSelector(spec.selector, child(field, 'selector')));
  const sc = stringAt(spec.storageClassName);
  if (sc) causes.push(...invalidEach(child(field, 'storageClassName'), sc, isDns1123Subdomain(sc)));
  return causes;
}

const claimUpdateMessage = 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

function validateClaimUpdate(obj: JsonObject, old: JsonObject): StatusCause[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const oldSpec = isObject(old.spec) ? old.spec : {};
  const munged = cloneJson(spec);
  const causes: StatusCause[] = [];
  // An unbound claim may have its volumeName set (the binder does this).
  const oldCompare = cloneJson(oldSpec);
  if (!stringAt(oldSpec.volumeName)) {
    if (spec.volumeName === undefined) delete oldCompare.volumeName;
    else oldCompare.volumeName = spec.volumeName;
  }
  const bound = isObject(old.status) && old.status.phase === 'Bound';
  if (bound) {
    const newReq = isObject(spec.resources) ? spec.resources.requests : undefined;
    const oldReq = isObject(oldSpec.resources) ? oldSpec.resources.requests : undefined;
    const before = parseQuantity(isObject(oldReq) ? oldReq.storage : undefined);
    const after = parseQuantity(isObject(newReq) ? newReq.storage : undefined);
    if (before !== undefined && after !== undefined && after < before) {
      causes.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
    }
    if (isObject(munged.resources)) {
      if (oldReq === undefined) delete munged.resources.requests;
      else munged.resources.requests = oldReq;
    }
  }
  for (const k of ['volumeAttributesClassName'] as const) {
    if (oldCompare[k] === undefined) delete munged[k];
    else munged[k] = oldCompare[k];
  }
  if (!jsonEqual(munged, oldCompare)) causes.push(forbidden('spec', claimUpdateMessage));
  return causes;
}

export const persistentVolumeClaimValidator: KindValidator = {
  validate(obj, ctx) {
    return ctx.subresource ? [] : validateClaimSpec(obj.spec, 'spec');
  },
  validateUpdate(obj, old, ctx) {
    return ctx.subresource ? [] : validateClaimUpdate(obj, old);
  },
};
