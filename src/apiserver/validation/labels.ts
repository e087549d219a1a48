import type { StatusCause } from '../../lib/errors.js';
import { child, index, invalid, invalidEach, required, forbidden, tooLong } from './causes.js';
import { arrayAt, isObject, stringAt, type JsonObject } from './json-value.js';
import { isQualifiedName, isValidLabelValue } from './name-rules.js';

/** Labels, annotations and label selectors, as ObjectMeta and selector validation check them. */

export const totalAnnotationSizeLimitB = 256 * 1024;

export function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (!isObject(labels)) return [];
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    causes.push(...invalidEach(field, k, isQualifiedName(k)));
    if (typeof v === 'string') causes.push(...invalidEach(field, v, isValidLabelValue(v)));
  }
  return causes;
}

export function validateAnnotations(annotations: unknown, field: string): StatusCause[] {
  if (!isObject(annotations)) return [];
  const causes: StatusCause[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    causes.push(...invalidEach(field, k, isQualifiedName(k.toLowerCase())));
    total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (total > totalAnnotationSizeLimitB) causes.push(tooLong(field, totalAnnotationSizeLimitB));
  return causes;
}

export function validateLabelSelector(selector: unknown, field: string): StatusCause[] {
  if (!isObject(selector)) return [];
  const causes = validateLabels(selector.matchLabels, child(field, 'matchLabels'));
  arrayAt(selector.matchExpressions).forEach((req, i) => {
    if (!isObject(req)) return;
    const f = index(child(field, 'matchExpressions'), i);
    const op = stringAt(req.operator);
    const values = arrayAt(req.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) causes.push(required(child(f, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) causes.push(forbidden(child(f, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      causes.push(invalid(child(f, 'operator'), op, 'not a valid selector operator'));
    }
    causes.push(...invalidEach(child(f, 'key'), stringAt(req.key), isQualifiedName(stringAt(req.key))));
  });
  return causes;
}

export function isEmptySelector(selector: JsonObject): boolean {
  return Object.keys(isObject(selector.matchLabels) ? selector.matchLabels : {}).length === 0 && arrayAt(selector.matchExpressions).length === 0;
}

/** Whether a metav1.LabelSelector matches a label set (an empty selector matches everything). */
export function selectorMatches(selector: JsonObject, labels: Record<string, unknown>): boolean {
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== v) return false;
  }
  for (const req of arrayAt(selector.matchExpressions)) {
    if (!isObject(req)) continue;
    const k = stringAt(req.key);
    const has = Object.prototype.hasOwnProperty.call(labels, k);
    const values = arrayAt(req.values);
    switch (req.operator) {
      case 'In': if (!has || !values.includes(labels[k])) return false; break;
      case 'NotIn': if (has && values.includes(labels[k])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
