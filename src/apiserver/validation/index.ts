import type { StatusCause } from '../../lib/errors.js';
import type { ResourceInfo } from '../registry/types.js';
import { ajvErrorsToCauses } from './ajv-causes.js';
import { builtinSchemaFor, runBuiltinSchema } from './builtin-schemas.js';
import { dedupeCauses } from './causes.js';
import type { CompiledCrdSchema } from './crd/compile.js';
import { isObject, type JsonObject } from './json-value.js';
import { kindValidatorFor } from './kinds/registry.js';
import type { KindContext } from './kinds/types.js';
import { nameRuleFor, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { handleUnknownFields } from './unknown-fields.js';

export { compileCrdSchema, type CompiledCrdSchema } from './crd/compile.js';

export interface ValidateOptions {
  operation: 'create' | 'update';
  /** The stored object, for update rules (immutable fields). */
  old?: JsonObject;
  /** fieldValidation=Strict: unknown fields are errors; otherwise they are silently dropped from `obj`. */
  strict: boolean;
  /** Set for writes to a subresource ("status", "scale"); spec rules are then skipped. */
  subresource?: string;
  /** For custom resources: the compiled schema of the object's version (from compileCrdSchema). */
  crdSchema?: CompiledCrdSchema;
}

/** metadata.name syntax for the resource: messages, empty when the name is valid. */
export function validateName(info: ResourceInfo, name: string): string[] {
  return nameRuleFor(info)(name);
}

function metaCauses(info: ResourceInfo, obj: JsonObject, options: ValidateOptions): StatusCause[] {
  const causes = validateObjectMeta(obj.metadata, { namespaced: info.namespaced, nameRule: nameRuleFor(info) });
  if (options.operation === 'update' && options.old && isObject(obj.metadata) && isObject(options.old.metadata)) {
    causes.push(...validateObjectMetaUpdate(obj.metadata, options.old.metadata));
  }
  return causes;
}

function validateCustom(info: ResourceInfo, obj: JsonObject, options: ValidateOptions): StatusCause[] {
  const causes: StatusCause[] = [];
  if (options.crdSchema) {
    if (!options.strict) options.crdSchema.prune(obj);
    causes.push(...options.crdSchema.validate(obj, options.strict));
  }
  causes.push(...metaCauses(info, obj, options));
  return dedupeCauses(causes);
}

/**
 * Validates an object of a served kind as kube-apiserver would after decoding and defaulting:
 * unknown fields (reported when strict, otherwise dropped from `obj`, along with nulls in typed
 * fields), the kind's OpenAPI schema, ObjectMeta, and the kind's own rules (including update rules
 * when `operation` is 'update'). Returns the causes for a 422 Invalid; empty means valid.
 */
export function validateObject(info: ResourceInfo, obj: JsonObject, options: ValidateOptions): StatusCause[] {
  if (info.custom) return validateCustom(info, obj, options);
  const causes: StatusCause[] = [];
  const schema = builtinSchemaFor(info);
  if (schema) {
    causes.push(...handleUnknownFields(schema.clientModel, obj, options.strict));
    // base64 payloads are checked by the Secret/ConfigMap rules, with kube's field paths.
    const errors = runBuiltinSchema(schema, obj).filter((e) => !(e.keyword === 'format' && e.params.format === 'byte'));
    const schemaCauses = ajvErrorsToCauses(errors, obj);
    causes.push(...schemaCauses);
    // A wrongly typed field is a decoding failure for kube: nothing further is checked.
    if (schemaCauses.some((c) => c.reason === 'FieldValueTypeInvalid')) return dedupeCauses(causes);
  }
  causes.push(...metaCauses(info, obj, options));
  const kind = kindValidatorFor(info);
  if (kind) {
    const ctx: KindContext = { operation: options.operation, ...(options.old ? { old: options.old } : {}), ...(options.subresource ? { subresource: options.subresource } : {}) };
    causes.push(...kind.validate(obj, ctx));
    if (options.operation === 'update' && options.old && kind.validateUpdate) causes.push(...kind.validateUpdate(obj, options.old, ctx));
  }
  return dedupeCauses(causes);
}
