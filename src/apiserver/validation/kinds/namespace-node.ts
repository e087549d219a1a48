import { isIP } from 'node:net';
import type { StatusCause } from '../../../lib/errors.js';
import { child, duplicate, forbidden, index, invalid, invalidEach, required } from '../causes.js';
import { arrayAt, isObject, jsonEqual, stringAt, type JsonObject } from '../json-value.js';
import { isQualifiedName } from '../name-rules.js';
import type { KindValidator } from './types.js';

/** Cluster-scoped core kinds: Namespace (finalizer names) and Node (CIDRs, taints, providerID). */

export const namespaceValidator: KindValidator = {
  validate(obj) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    return arrayAt(spec.finalizers).flatMap((f, i) => (typeof f === 'string' ? invalidEach(index('spec.finalizers', i), f, isQualifiedName(f)) : []));
  },
};

export function isCidr(value: string): boolean {
  const [ip, bits, ...rest] = value.split('/');
  if (rest.length > 0 || ip === undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function cidrsOf(spec: JsonObject): unknown[] {
  return arrayAt(spec.podCIDRs).length > 0 ? arrayAt(spec.podCIDRs) : spec.podCIDR ? [spec.podCIDR] : [];
}

export const nodeValidator: KindValidator = {
  validate(obj, ctx) {
    if (ctx.subresource) return [];
    const spec = isObject(obj.spec) ? obj.spec : {};
    const causes: StatusCause[] = [];
    cidrsOf(spec).forEach((c, i) => {
      if (typeof c !== 'string' || !isCidr(c)) causes.push(invalid(index('spec.podCIDRs', i), c, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    });
    const seen = new Set<string>();
    arrayAt(spec.taints).forEach((t, i) => {
      if (!isObject(t)) return;
      const f = index('spec.taints', i);
      const k = stringAt(t.key);
      if (!k) causes.push(required(child(f, 'key')));
      else causes.push(...invalidEach(child(f, 'key'), k, isQualifiedName(k)));
      const id = `${k}:${stringAt(t.effect)}`;
      if (seen.has(id)) causes.push(duplicate(f, { key: k, effect: t.effect }));
      seen.add(id);
    });
    return causes;
  },
  validateUpdate(obj, old, ctx) {
    if (ctx.subresource) return [];
    const spec = isObject(obj.spec) ? obj.spec : {};
    const oldSpec = isObject(old.spec) ? old.spec : {};
    const causes: StatusCause[] = [];
    const oldCidrs = cidrsOf(oldSpec);
    if (oldCidrs.length > 0 && !jsonEqual(cidrsOf(spec), oldCidrs)) {
      causes.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
    }
    if (stringAt(oldSpec.providerID) && spec.providerID !== oldSpec.providerID) {
      causes.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
    }
    return causes;
  },
};
