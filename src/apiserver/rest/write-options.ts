import { apiErrors } from '../../lib/errors.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
}

/** dryRun and fieldValidation from the query string, rejected when malformed as kube-apiserver does. */
export function writeOptions(query: URLSearchParams): WriteOptions {
  const dryRun = query.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw apiErrors.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const fv = query.get('fieldValidation') ?? 'Warn';
  const normalized = ({ strict: 'Strict', warn: 'Warn', ignore: 'Ignore' } as Record<string, FieldValidation>)[fv.toLowerCase()];
  if (!normalized) throw apiErrors.badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  return { dryRun: dryRun.length > 0, fieldValidation: normalized };
}
