import type { StatusCause } from '../../../lib/errors.js';
import type { JsonObject } from '../json-value.js';

/** What a kind's semantic validation sees besides the object. */
export interface KindContext {
  operation: 'create' | 'update';
  old?: JsonObject;
  /** Set when the write goes to a subresource such as "status"; spec rules are then skipped. */
  subresource?: string;
}

/** Checks kube-apiserver makes for one kind beyond its OpenAPI schema and ObjectMeta. */
export interface KindValidator {
  /** Runs on create and on update (the new object). */
  validate(obj: JsonObject, ctx: KindContext): StatusCause[];
  /** Runs on update only, comparing with the stored object. */
  validateUpdate?(obj: JsonObject, old: JsonObject, ctx: KindContext): StatusCause[];
}
