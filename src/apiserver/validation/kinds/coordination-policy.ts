import type { StatusCause } from '../../../lib/errors.js';
import { immutable, invalid, required } from '../causes.js';
import { isInteger, isObject, jsonEqual } from '../json-value.js';
import { validateLabelSelector } from '../labels.js';
import type { KindValidator } from './types.js';

/** Small apps/policy/coordination kinds: Lease, PodDisruptionBudget, ControllerRevision. */

function nonNegative(value: unknown, field: string): StatusCause[] {
  return isInteger(value) && value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

export const leaseValidator: KindValidator = {
  validate(obj) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes = nonNegative(spec.leaseTransitions, 'spec.leaseTransitions');
    if (isInteger(spec.leaseDurationSeconds) && spec.leaseDurationSeconds <= 0) {
      causes.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
    }
    return causes;
  },
};

const percentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

function validateIntOrPercent(value: unknown, field: string): StatusCause[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return nonNegative(value, field);
  if (typeof value !== 'string' || !/^[0-9]+%$/.test(value)) return [invalid(field, value, percentMessage)];
  return Number(value.slice(0, -1)) > 100 ? [invalid(field, value, 'must not be greater than 100%')] : [];
}

export const podDisruptionBudgetValidator: KindValidator = {
  validate(obj, ctx) {
    if (ctx.subresource) return [];
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes: StatusCause[] = [];
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
      causes.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
    }
    causes.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'), ...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
    causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
    return causes;
  },
};

export const controllerRevisionValidator: KindValidator = {
  validate(obj) {
    const causes = nonNegative(obj.revision, 'revision');
    if (obj.data === undefined) causes.push(required('data', 'data is mandatory'));
    return causes;
  },
  validateUpdate(obj, old) {
    return jsonEqual(obj.data, old.data) ? [] : [immutable('data', obj.data ?? null)];
  },
};
