import { isIP } from 'node:net';
import type { StatusCause } from '../../../lib/errors.js';
import { child, index, invalid, invalidEach, required } from '../causes.js';
import { arrayAt, isInteger, isObject, stringAt, type JsonObject } from '../json-value.js';
import { isDns1123Label, isValidPortNum } from '../name-rules.js';
import type { KindValidator } from './types.js';

/** Endpoints (addresses and ports) and core/v1 Events (namespace must match the involved object). */

function validateSubset(subset: JsonObject, f: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const list of ['addresses', 'notReadyAddresses'] as const) {
    arrayAt(subset[list]).forEach((a, j) => {
      if (!isObject(a)) return;
      const af = index(child(f, list), j);
      const ip = stringAt(a.ip);
      if (isIP(ip) === 0) causes.push(invalid(child(af, 'ip'), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
      const host = stringAt(a.hostname);
      if (host) causes.push(...invalidEach(child(af, 'hostname'), host, isDns1123Label(host)));
    });
  }
  const ports = arrayAt(subset.ports);
  ports.forEach((p, j) => {
    if (!isObject(p)) return;
    const pf = index(child(f, 'ports'), j);
    const name = stringAt(p.name);
    if (!name && ports.length > 1) causes.push(required(child(pf, 'name')));
    if (name) causes.push(...invalidEach(child(pf, 'name'), name, isDns1123Label(name)));
    if (isInteger(p.port)) causes.push(...invalidEach(child(pf, 'port'), p.port, isValidPortNum(p.port)));
  });
  return causes;
}

export const endpointsValidator: KindValidator = {
  validate(obj) {
    return arrayAt(obj.subsets).flatMap((s, i) => (isObject(s) ? validateSubset(s, index('subsets', i)) : []));
  },
};

export const eventValidator: KindValidator = {
  validate(obj) {
    const involved = isObject(obj.involvedObject) ? obj.involvedObject : undefined;
    if (!involved) return [required('involvedObject')];
    const eventNs = isObject(obj.metadata) ? stringAt(obj.metadata.namespace) : '';
    const involvedNs = stringAt(involved.namespace);
    const ok = involvedNs ? involvedNs === eventNs : eventNs === '' || eventNs === 'default';
    return ok ? [] : [invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace')];
  },
};
