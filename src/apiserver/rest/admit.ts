import { apiErrors, type StatusCause } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import { applyDefaults } from '../defaults/index.js';
import type { CrdVersionView } from '../registry/crd-resources.js';
import type { ResourceInfo } from '../registry/types.js';
import { compileCrdSchema, validateName, validateObject, type CompiledCrdSchema } from '../validation/index.js';
import type { ApiContext } from './context.js';
import type { WriteOptions } from './write-options.js';

const compiled = new WeakMap<CrdVersionView, CompiledCrdSchema | null>();

function crdSchema(ctx: ApiContext, info: ResourceInfo): CompiledCrdSchema | null {
  const view = ctx.registry.crdView(info);
  if (!view) return null;
  let c = compiled.get(view);
  if (c === undefined) {
    c = view.schema ? compileCrdSchema(view.schema) : null;
    compiled.set(view, c);
  }
  return c;
}

const isUnknownField = (c: StatusCause): boolean => c.message.startsWith('unknown field');

/**
 * Defaulting and validation of an object about to be written, in kube-apiserver's order:
 * defaults, then unknown fields per fieldValidation, then schema and semantic validation.
 * Returns the warnings to send back (Warning headers). Throws 400/422 with causes when invalid.
 */
export function admit(ctx: ApiContext, info: ResourceInfo, obj: KubeObject, operation: 'create' | 'update', old: KubeObject | undefined, opts: WriteOptions, subresource?: string): string[] {
  const name = String(obj['metadata']?.name ?? '');
  const warnings: string[] = [];
  const reportUnknown = (unknown: StatusCause[]): void => {
    if (unknown.length === 0) return;
    if (opts.fieldValidation === 'Strict') throw apiErrors.badRequest(`strict decoding error: ${unknown.map((c) => c.message).join(', ')}`);
    if (opts.fieldValidation === 'Warn') warnings.push(...unknown.map((c) => c.message));
  };
  let causes: StatusCause[];
  if (info.custom) {
    // custom resources: unknown fields are found on the object as sent, then pruned, defaulted, validated
    const schema = crdSchema(ctx, info);
    if (schema) {
      reportUnknown(schema.validate(obj, true).filter(isUnknownField));
      schema.prune(obj);
      schema.applyDefaults(obj);
    }
    causes = schema ? schema.validate(obj, false) : [];
  } else {
    applyDefaults(info, obj);
    const base = { operation, ...(old ? { old } : {}), ...(subresource ? { subresource } : {}) };
    causes = validateObject(info, obj, { ...base, strict: true });
    const unknown = causes.filter(isUnknownField);
    reportUnknown(unknown);
    if (unknown.length > 0) causes = validateObject(info, obj, { ...base, strict: false });
  }
  if (operation === 'create' && name) {
    for (const message of validateName(info, name)) {
      if (!causes.some((c) => c.field === 'metadata.name')) causes.unshift({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": ${message}` });
    }
  }
  if (causes.length > 0) throw apiErrors.invalid(info.kind, name, causes, info.group);
  return warnings;
}
