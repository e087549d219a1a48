import { apiErrors, OrdinalError } from '../../lib/errors.js';
import { matchesRequirements, parseLabelSelector, type Requirement } from '../../lib/label-selector.js';
import type { KubeObject } from '../../store/types.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from '../field-selector.js';
import type { ResourceInfo } from '../registry/types.js';

/** labelSelector + fieldSelector of a list or watch request, as one predicate. */
export interface Selection {
  labels: Requirement[];
  fields: FieldRequirement[];
  empty: boolean;
  matches(obj: KubeObject): boolean;
}

export function parseSelection(info: ResourceInfo, query: URLSearchParams): Selection {
  let labels: Requirement[] = [];
  try {
    labels = parseLabelSelector(query.get('labelSelector') ?? '');
  } catch (e) {
    if (e instanceof OrdinalError) throw apiErrors.badRequest(e.message);
    throw e;
  }
  const fields = parseFieldSelector(info, query.get('fieldSelector') ?? '');
  return {
    labels,
    fields,
    empty: labels.length === 0 && fields.length === 0,
    matches: (obj) => matchesRequirements(labels, obj['metadata']?.labels) && matchesFields(fields, obj),
  };
}
