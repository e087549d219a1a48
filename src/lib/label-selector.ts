/**
 * Kubernetes label selectors: the string form (`a=b,c!=d,e in (x,y),!f,g`) and the
 * metav1.LabelSelector form (matchLabels + matchExpressions). One matcher serves both.
 */
import { OrdinalError } from './errors.js';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type Labels = Record<string, string> | undefined;

function fail(selector: string, why: string): never {
  throw new OrdinalError('E_LABEL_SELECTOR', `unable to parse requirement: invalid label selector "${selector}": ${why}`);
}

/** Split on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

const keyPattern = /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const valuePattern = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function checkKey(selector: string, key: string): string {
  if (!keyPattern.test(key)) fail(selector, `invalid label key "${key}"`);
  return key;
}

function checkValue(selector: string, value: string): string {
  if (value.length > 63 || !valuePattern.test(value)) fail(selector, `invalid label value "${value}"`);
  return value;
}

export function parseLabelSelector(selector: string): Requirement[] {
  const reqs: Requirement[] = [];
  for (const term of splitTerms(selector)) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^!\s*(\S+)$/))) {
      reqs.push({ key: checkKey(selector, m[1]!), operator: 'DoesNotExist', values: [] });
    } else if ((m = term.match(/^(\S+?)\s+(in|notin)\s*\((.*)\)$/))) {
      const values = m[3]!.split(',').map((v) => checkValue(selector, v.trim()));
      reqs.push({ key: checkKey(selector, m[1]!), operator: m[2] === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = term.match(/^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(\S*)$/))) {
      const key = checkKey(selector, m[1]!);
      const value = m[3]!;
      const op = m[2]!;
      if (op === '>' || op === '<') {
        if (!/^-?\d+$/.test(value)) fail(selector, `for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key, operator: op === '>' ? 'Gt' : 'Lt', values: [value] });
      } else {
        reqs.push({ key, operator: op === '!=' ? 'NotIn' : 'In', values: [checkValue(selector, value)] });
      }
    } else if ((m = term.match(/^(\S+)$/))) {
      reqs.push({ key: checkKey(selector, m[1]!), operator: 'Exists', values: [] });
    } else {
      fail(selector, `cannot parse "${term}"`);
    }
  }
  return reqs;
}

export function requirementsFromObject(sel: LabelSelectorObject): Requirement[] {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, operator: 'In', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator as Operator;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) {
      throw new OrdinalError('E_LABEL_SELECTOR', `"${e.operator}" is not a valid label selector operator`);
    }
    reqs.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return reqs;
}

export function matchesRequirements(reqs: Requirement[], labels: Labels): boolean {
  const l = labels ?? {};
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(v!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      case 'Gt':
      case 'Lt': {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        const n = Number(v);
        const bound = Number(r.values[0]);
        if (r.operator === 'Gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}

/** metav1.LabelSelector semantics: an empty selector matches everything; null matches nothing. */
export function selectorMatches(sel: LabelSelectorObject | null | undefined, labels: Labels): boolean {
  if (sel === null || sel === undefined) return false;
  return matchesRequirements(requirementsFromObject(sel), labels);
}

/** The string form of a LabelSelector object, as `kubectl` and the scale subresource print it. */
export function formatLabelSelector(sel: LabelSelectorObject): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b))) parts.push(`${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}
