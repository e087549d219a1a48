import { isIP } from 'node:net';
import type { StatusCause } from '../../../lib/errors.js';
import { child, duplicate, forbidden, index, invalid, invalidEach, required } from '../causes.js';
import { arrayAt, isInteger, isObject, stringAt, type JsonObject } from '../json-value.js';
import { validateLabels } from '../labels.js';
import { isDns1123Label, isDns1123Subdomain, isValidPortName, isValidPortNum } from '../name-rules.js';
import type { KindValidator } from './types.js';

/** Services: ValidateService and the clusterIP rule of ValidateServiceUpdate. Allocation is the registry's job. */

function clusterIPOf(spec: JsonObject): string {
  return stringAt(spec.clusterIP) || stringAt(arrayAt(spec.clusterIPs)[0]);
}

function validatePorts(spec: JsonObject, type: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const ports = arrayAt(spec.ports);
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObject(p)) return;
    const f = index('spec.ports', i);
    const name = stringAt(p.name);
    if (!name && ports.length > 1) causes.push(required(child(f, 'name')));
    if (name) {
      causes.push(...invalidEach(child(f, 'name'), name, isDns1123Label(name)));
      if (names.has(name)) causes.push(duplicate(child(f, 'name'), name));
      names.add(name);
    }
    if (isInteger(p.port)) causes.push(...invalidEach(child(f, 'port'), p.port, isValidPortNum(p.port)));
    if (isInteger(p.targetPort)) causes.push(...invalidEach(child(f, 'targetPort'), p.targetPort, isValidPortNum(p.targetPort)));
    else if (typeof p.targetPort === 'string') causes.push(...invalidEach(child(f, 'targetPort'), p.targetPort, isValidPortName(p.targetPort)));
    if (p.nodePort !== undefined && p.nodePort !== 0 && (type === 'ClusterIP' || type === 'ExternalName')) {
      causes.push(forbidden(child(f, 'nodePort'), `may not be used when \`type\` is '${type}'`));
    }
    const k = `${String(p.port)}/${String(p.protocol ?? 'TCP')}`;
    if (keys.has(k)) causes.push(duplicate(f, { port: p.port, protocol: p.protocol ?? 'TCP' }));
    keys.add(k);
  });
  return causes;
}

function validateClusterIP(spec: JsonObject, type: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const ips = arrayAt(spec.clusterIPs).length > 0 ? arrayAt(spec.clusterIPs) : spec.clusterIP ? [spec.clusterIP] : [];
  ips.forEach((ip, i) => {
    if (ip === 'None' || ip === '') return;
    if (typeof ip !== 'string' || isIP(ip) === 0) causes.push(invalid(index('spec.clusterIPs', i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (clusterIPOf(spec) === 'None' && (type === 'NodePort' || type === 'LoadBalancer')) {
    causes.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  }
  return causes;
}

function validateSpec(spec: unknown): StatusCause[] {
  if (!isObject(spec)) return [required('spec')];
  const type = stringAt(spec.type) || 'ClusterIP';
  const causes: StatusCause[] = [];
  const headless = clusterIPOf(spec) === 'None';
  if (arrayAt(spec.ports).length === 0 && !headless && type !== 'ExternalName') causes.push(required('spec.ports'));
  if (type === 'ExternalName') {
    const name = stringAt(spec.externalName);
    if (!name) causes.push(required('spec.externalName'));
    else causes.push(...invalidEach('spec.externalName', name, isDns1123Subdomain(name.replace(/\.$/, ''))));
  }
  causes.push(...validatePorts(spec, type), ...validateClusterIP(spec, type));
  causes.push(...validateLabels(spec.selector, 'spec.selector'));
  if (spec.externalTrafficPolicy !== undefined && type !== 'NodePort' && type !== 'LoadBalancer') {
    causes.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
  }
  const timeout = isObject(spec.sessionAffinityConfig) && isObject(spec.sessionAffinityConfig.clientIP) ? spec.sessionAffinityConfig.clientIP.timeoutSeconds : undefined;
  if (spec.sessionAffinity === 'ClientIP' && isInteger(timeout) && (timeout <= 0 || timeout > 86400)) {
    causes.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
  }
  if (spec.sessionAffinity !== 'ClientIP' && spec.sessionAffinityConfig !== undefined) {
    causes.push(invalid('spec.sessionAffinityConfig', spec.sessionAffinityConfig, 'must not be set when session affinity is None'));
  }
  return causes;
}

function validateSpecUpdate(spec: unknown, old: unknown): StatusCause[] {
  if (!isObject(spec) || !isObject(old)) return [];
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return [];
  const before = clusterIPOf(old);
  const after = clusterIPOf(spec);
  if (before && after && before !== after) {
    return [invalid('spec.clusterIPs[0]', arrayAt(spec.clusterIPs).length ? spec.clusterIPs : [after], 'may not change once set')];
  }
  return [];
}

export const serviceValidator: KindValidator = {
  validate(obj, ctx) {
    return ctx.subresource ? [] : validateSpec(obj.spec);
  },
  validateUpdate(obj, old, ctx) {
    return ctx.subresource ? [] : validateSpecUpdate(obj.spec, old.spec);
  },
};
