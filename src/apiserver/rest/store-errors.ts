import { apiErrors, OrdinalError } from '../../lib/errors.js';
import { storeErrorCodes } from '../../store/types.js';
import type { ResourceInfo } from '../registry/types.js';

/** Translate a store failure into the API error kube-apiserver gives for it. */
export function mapStoreError(info: ResourceInfo, name: string, err: unknown): never {
  if (err instanceof OrdinalError) {
    switch (err.code) {
      case storeErrorCodes.notFound:
        throw apiErrors.notFound(info.resource, name, info.group);
      case storeErrorCodes.exists:
        throw apiErrors.alreadyExists(info.resource, name, info.group);
      case storeErrorCodes.conflict:
        throw apiErrors.conflict(info.resource, name, 'the object has been modified; please apply your changes to the latest version and try again', info.group);
      case storeErrorCodes.compacted:
        throw apiErrors.gone(err.message);
    }
  }
  throw err;
}
