import type { StatusCause } from '../../../lib/errors.js';
import { child, duplicate, forbidden, index, invalid, invalidEach, notFound, required } from '../causes.js';
import { arrayAt, isInteger, isObject, stringAt, type JsonObject } from '../json-value.js';
import { isDns1123Label, isValidPortName, isValidPortNum } from '../name-rules.js';
import { parseQuantity } from '../../../lib/quantity.js';

/** Container checks of ValidatePodSpec: names, image, ports, mounts, env, resources, probes. */

export interface ContainerScope {
  /** Names a volumeMount may refer to (pod volumes, plus claim templates for a StatefulSet). */
  volumeNames: ReadonlySet<string>;
  /** Container names seen so far across containers and initContainers, for duplicates. */
  seenNames: Set<string>;
}

export function validateContainers(list: unknown, field: string, scope: ContainerScope, kind: 'containers' | 'initContainers'): StatusCause[] {
  const causes: StatusCause[] = [];
  arrayAt(list).forEach((c, i) => {
    if (isObject(c)) causes.push(...validateContainer(c, index(field, i), scope, kind));
  });
  return causes;
}

function validateContainer(c: JsonObject, f: string, scope: ContainerScope, kind: 'containers' | 'initContainers'): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = stringAt(c.name);
  if (!name) causes.push(required(child(f, 'name')));
  else {
    causes.push(...invalidEach(child(f, 'name'), name, isDns1123Label(name)));
    if (scope.seenNames.has(name)) causes.push(duplicate(child(f, 'name'), name));
    scope.seenNames.add(name);
  }
  const image = stringAt(c.image);
  if (!image) causes.push(required(child(f, 'image')));
  else if (image.trim() !== image) causes.push(invalid(child(f, 'image'), image, 'must not have leading or trailing whitespace'));
  causes.push(...validatePorts(c.ports, child(f, 'ports')));
  causes.push(...validateMounts(c.volumeMounts, child(f, 'volumeMounts'), scope.volumeNames));
  causes.push(...validateEnv(c.env, child(f, 'env')));
  causes.push(...validateResources(c.resources, child(f, 'resources')));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    if (isObject(c[probe])) causes.push(...validateProbe(c[probe], child(f, probe), probe));
  }
  if (kind === 'initContainers' && c.restartPolicy === undefined) {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (c[probe] !== undefined) causes.push(forbidden(child(f, probe), 'may not be set for init containers without restartPolicy=Always'));
    }
  }
  return causes;
}

function validatePorts(ports: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  arrayAt(ports).forEach((p, i) => {
    if (!isObject(p)) return;
    const f = index(field, i);
    if (typeof p.name === 'string' && p.name) {
      causes.push(...invalidEach(child(f, 'name'), p.name, isValidPortName(p.name)));
      if (names.has(p.name)) causes.push(duplicate(child(f, 'name'), p.name));
      names.add(p.name);
    }
    if (isInteger(p.containerPort)) causes.push(...invalidEach(child(f, 'containerPort'), p.containerPort, isValidPortNum(p.containerPort)));
    if (isInteger(p.hostPort) && p.hostPort !== 0) causes.push(...invalidEach(child(f, 'hostPort'), p.hostPort, isValidPortNum(p.hostPort)));
  });
  return causes;
}

function validateMounts(mounts: unknown, field: string, volumeNames: ReadonlySet<string>): StatusCause[] {
  const causes: StatusCause[] = [];
  const paths = new Set<string>();
  arrayAt(mounts).forEach((m, i) => {
    if (!isObject(m)) return;
    const f = index(field, i);
    const name = stringAt(m.name);
    if (!name) causes.push(required(child(f, 'name')));
    else if (!volumeNames.has(name)) causes.push(notFound(child(f, 'name'), name));
    const mountPath = stringAt(m.mountPath);
    if (!mountPath) causes.push(required(child(f, 'mountPath')));
    else if (paths.has(mountPath)) causes.push(invalid(child(f, 'mountPath'), mountPath, 'must be unique'));
    paths.add(mountPath);
  });
  return causes;
}

const envSources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

function validateEnv(env: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  arrayAt(env).forEach((e, i) => {
    if (!isObject(e)) return;
    const f = index(field, i);
    if (!stringAt(e.name)) causes.push(required(child(f, 'name')));
    if (!isObject(e.valueFrom)) return;
    const vf = e.valueFrom;
    const set = envSources.filter((s) => isObject(vf[s]));
    if (set.length > 1) causes.push(invalid(child(f, 'valueFrom'), '', 'may not have more than one field specified at a time'));
    if (stringAt(e.value)) causes.push(invalid(child(f, 'valueFrom'), '', 'may not be specified when `value` is not empty'));
    for (const ref of ['configMapKeyRef', 'secretKeyRef'] as const) {
      const r = vf[ref];
      if (!isObject(r)) continue;
      if (!stringAt(r.key)) causes.push(required(child(child(child(f, 'valueFrom'), ref), 'key')));
      if (!stringAt(r.name)) causes.push(required(child(child(child(f, 'valueFrom'), ref), 'name')));
    }
    if (isObject(vf.fieldRef) && !stringAt(vf.fieldRef.fieldPath)) causes.push(required(child(child(child(f, 'valueFrom'), 'fieldRef'), 'fieldPath')));
  });
  return causes;
}

function validateResources(resources: unknown, field: string): StatusCause[] {
  if (!isObject(resources)) return [];
  const causes: StatusCause[] = [];
  const limits = isObject(resources.limits) ? resources.limits : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  for (const [which, map] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(map)) {
      const v = parseQuantity(q);
      if (v !== undefined && v < 0) causes.push(invalid(`${child(field, which)}[${name}]`, String(q), 'must be greater than or equal to 0'));
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const req = parseQuantity(q);
    const lim = parseQuantity(limits[name]);
    if (req !== undefined && lim !== undefined && req > lim) {
      causes.push(invalid(`${child(field, 'requests')}[${name}]`, String(q), `must be less than or equal to ${name} limit of ${String(limits[name])}`));
    }
  }
  return causes;
}

const probeHandlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function validateProbe(p: JsonObject, field: string, which: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const handlers = probeHandlers.filter((h) => p[h] !== undefined);
  if (handlers.length === 0) causes.push(required(field, 'must specify a handler type'));
  else if (handlers.length > 1) causes.push(forbidden(child(field, handlers[1] ?? ''), 'may not specify more than 1 handler type'));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (isInteger(p[k]) && p[k] < 0) causes.push(invalid(child(field, k), p[k], 'must be greater than or equal to 0'));
  }
  if (which !== 'readinessProbe' && isInteger(p.successThreshold) && p.successThreshold !== 1) {
    causes.push(invalid(child(field, 'successThreshold'), p.successThreshold, 'must be 1'));
  }
  return causes;
}
