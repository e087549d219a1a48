import { LineCounter, parseAllDocuments } from 'yaml';
import { isJsonObject, type JsonObject } from '../../client/index.js';
import { CliError } from './cli-error.js';

/**
 * The objects of a YAML or JSON stream: `---`-separated documents, empty ones skipped, `kind: List`
 * expanded to its items. A syntax error names its line and column but never quotes the text (it may
 * be a Secret).
 */
export function splitManifests(text: string, source: string): JsonObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { prettyErrors: false, lineCounter, merge: true });
  const out: JsonObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      throw new CliError(`error parsing ${source}: ${err.message.replace(/\s+at line \d+.*$/s, '')} (line ${line}, column ${col})`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    if (!isJsonObject(value)) throw new CliError(`error parsing ${source}: a document is not an object (line ${lineCounter.linePos(doc.range[0]).line})`);
    const obj = value as JsonObject;
    if (typeof obj['kind'] === 'string' && obj['kind'].endsWith('List') && Array.isArray(obj['items'])) {
      for (const item of obj['items']) if (isJsonObject(item)) out.push(item as JsonObject);
      continue;
    }
    out.push(obj);
  }
  return out;
}

/** kubectl's check before anything is sent: every object needs apiVersion, kind and a name. */
export function validateManifest(obj: JsonObject, source: string, allowGenerateName: boolean): void {
  const problems: string[] = [];
  if (typeof obj['apiVersion'] !== 'string' || !obj['apiVersion']) problems.push('apiVersion not set');
  if (typeof obj['kind'] !== 'string' || !obj['kind']) problems.push('kind not set');
  if (problems.length > 0) throw new CliError(`error validating "${source}": error validating data: [${problems.join(', ')}]`);
  const meta = obj['metadata'];
  const name = isJsonObject(meta) ? meta['name'] : undefined;
  const generateName = isJsonObject(meta) ? meta['generateName'] : undefined;
  if (typeof name === 'string' && name) return;
  if (allowGenerateName && typeof generateName === 'string' && generateName) return;
  throw new CliError(`error validating "${source}": ${String(obj['kind'])} has no metadata.name`);
}
