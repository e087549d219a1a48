/**
 * The small subset of Kubernetes JSONPath that CRD additionalPrinterColumns use:
 * `.a.b`, `.a\.b` (escaped dot), `['key']`, `[n]`, `[-n]`, `[start:end]`, `[*]`, `.*`,
 * and filters `[?(@.x.y == "v")]` with == != < <= > >= or a bare `[?(@.x)]` existence test.
 * A leading `$` or an enclosing `{...}` is accepted. Recursive descent (`..`) and unions
 * are refused with a JsonPathError rather than silently misread.
 */
import { OrdinalError } from '../../lib/errors.js';

export class JsonPathError extends OrdinalError {
  constructor(path: string, why: string) {
    super('E_JSONPATH', `invalid JSONPath ${JSON.stringify(path)}: ${why}`);
  }
}

type Literal = string | number | boolean | null;
type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Step =
  | { type: 'field'; name: string }
  | { type: 'index'; index: number }
  | { type: 'slice'; start?: number; end?: number }
  | { type: 'wildcard' }
  | { type: 'filter'; path: Step[]; op?: Operator; value?: Literal };

export interface JsonPath {
  source: string;
  steps: Step[];
}

/** Parses a path once; evaluate it with {@link evaluateJsonPath}. */
export function parseJsonPath(source: string): JsonPath {
  let text = source.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  if (text.startsWith('$')) text = text.slice(1);
  return { source, steps: parseSteps(source, text) };
}

function parseSteps(source: string, text: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      if (text[i + 1] === '.') throw new JsonPathError(source, 'recursive descent is not supported');
      let name = '';
      i++;
      while (i < text.length && text[i] !== '.' && text[i] !== '[') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        name += text[i];
        i++;
      }
      if (name === '') throw new JsonPathError(source, 'empty field name');
      steps.push(name === '*' ? { type: 'wildcard' } : { type: 'field', name });
    } else if (c === '[') {
      const end = closingBracket(source, text, i);
      steps.push(parseBracket(source, text.slice(i + 1, end).trim()));
      i = end + 1;
    } else {
      throw new JsonPathError(source, `unexpected ${JSON.stringify(c)} at offset ${i}`);
    }
  }
  return steps;
}

/** Index of the `]` closing the `[` at `open`, skipping quoted strings and nested brackets. */
function closingBracket(source: string, text: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError(source, 'unterminated [');
}

function parseBracket(source: string, inner: string): Step {
  if (inner === '*') return { type: 'wildcard' };
  if (/^-?\d+$/.test(inner)) return { type: 'index', index: Number(inner) };
  const slice = /^(-?\d+)?:(-?\d+)?$/.exec(inner);
  if (slice) {
    return {
      type: 'slice',
      ...(slice[1] !== undefined ? { start: Number(slice[1]) } : {}),
      ...(slice[2] !== undefined ? { end: Number(slice[2]) } : {}),
    };
  }
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  if (quoted) return { type: 'field', name: quoted[2]!.replace(/\\(.)/g, '$1') };
  if (inner.startsWith('?(') && inner.endsWith(')')) return parseFilter(source, inner.slice(2, -1).trim());
  throw new JsonPathError(source, `unsupported subscript [${inner}]`);
}

function parseFilter(source: string, expr: string): Step {
  const m = /^@((?:\.|\[)[^=!<>]*?)\s*(?:(==|!=|<=|>=|<|>)\s*(.+))?$/.exec(expr);
  if (!m) throw new JsonPathError(source, `unsupported filter ?(${expr})`);
  const path = parseSteps(source, m[1]!.trim());
  if (m[2] === undefined) return { type: 'filter', path };
  return { type: 'filter', path, op: m[2] as Operator, value: parseLiteral(source, m[3]!.trim()) };
}

function parseLiteral(source: string, text: string): Literal {
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2]!.replace(/\\(.)/g, '$1');
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'nil' || text === 'null') return null;
  const n = Number(text);
  if (text !== '' && Number.isFinite(n)) return n;
  throw new JsonPathError(source, `unsupported literal ${text}`);
}

/** All values the path selects in `root`; missing keys and out-of-range indices select nothing. */
export function evaluateJsonPath(path: JsonPath, root: unknown): unknown[] {
  return evaluateSteps(path.steps, [root]);
}

function evaluateSteps(steps: Step[], start: unknown[]): unknown[] {
  let values = start;
  for (const step of steps) values = values.flatMap((v) => applyStep(step, v));
  return values;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function applyStep(step: Step, value: unknown): unknown[] {
  switch (step.type) {
    case 'field':
      return isRecord(value) && Object.hasOwn(value, step.name) ? [value[step.name]] : [];
    case 'wildcard':
      if (Array.isArray(value)) return value;
      return isRecord(value) ? Object.keys(value).sort().map((k) => value[k]) : [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const i = step.index < 0 ? value.length + step.index : step.index;
      return i >= 0 && i < value.length ? [value[i]] : [];
    }
    case 'slice':
      return Array.isArray(value) ? value.slice(step.start, step.end) : [];
    case 'filter':
      return Array.isArray(value) ? value.filter((item) => matchesFilter(step, item)) : [];
  }
}

function matchesFilter(step: Extract<Step, { type: 'filter' }>, item: unknown): boolean {
  const found = evaluateSteps(step.path, [item]);
  if (step.op === undefined) return found.length > 0 && found[0] !== null && found[0] !== false;
  if (found.length === 0) return false;
  return compare(found[0], step.op, step.value ?? null);
}

function compare(left: unknown, op: Operator, right: Literal): boolean {
  if (op === '==') return looselyEqual(left, right);
  if (op === '!=') return !looselyEqual(left, right);
  const a = typeof left === 'number' || typeof left === 'string' ? left : NaN;
  if (typeof a !== typeof right) return false;
  const b = right as number | string;
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

function looselyEqual(left: unknown, right: Literal): boolean {
  if (typeof left === 'number' && typeof right === 'string') return String(left) === right;
  return left === right;
}
