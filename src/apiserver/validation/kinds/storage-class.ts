import type { StatusCause } from '../../../lib/errors.js';
import { forbidden, immutable, invalidEach, notSupported, required } from '../causes.js';
import { jsonEqual, stringAt } from '../json-value.js';
import { isQualifiedName } from '../name-rules.js';
import type { KindValidator } from './types.js';

/** StorageClasses: provisioner required, reclaim policy Delete/Retain, most fields immutable. */

export const storageClassValidator: KindValidator = {
  validate(obj) {
    const causes: StatusCause[] = [];
    const provisioner = stringAt(obj.provisioner);
    if (!provisioner) causes.push(required('provisioner'));
    else causes.push(...invalidEach('provisioner', provisioner, isQualifiedName(provisioner.toLowerCase())));
    if (obj.reclaimPolicy !== undefined && obj.reclaimPolicy !== 'Delete' && obj.reclaimPolicy !== 'Retain') {
      causes.push(notSupported('reclaimPolicy', obj.reclaimPolicy, ['Delete', 'Retain']));
    }
    if (!stringAt(obj.volumeBindingMode)) causes.push(required('volumeBindingMode'));
    return causes;
  },
  validateUpdate(obj, old) {
    const causes: StatusCause[] = [];
    for (const k of ['parameters', 'provisioner', 'reclaimPolicy'] as const) {
      if (!jsonEqual(obj[k], old[k])) causes.push(forbidden(k, `updates to ${k} are forbidden.`));
    }
    if (!jsonEqual(obj.volumeBindingMode, old.volumeBindingMode)) causes.push(immutable('volumeBindingMode', obj.volumeBindingMode ?? null));
    return causes;
  },
};
