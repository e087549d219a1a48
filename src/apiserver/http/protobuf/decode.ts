import { apiErrors } from '../../../lib/errors.js';
import { topLevel, unknownEnvelope, type FieldDesc, type MessageDesc } from './k8s-messages.js';
import { readFields, WireError, type WireField } from './wire.js';

const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

function scalar(field: WireField, type: 'string' | 'bytes' | 'int' | 'bool'): unknown {
  switch (type) {
    case 'string':
      return field.bytes?.toString('utf8') ?? '';
    case 'bytes':
      return (field.bytes ?? Buffer.alloc(0)).toString('base64');
    case 'int':
      return Number(BigInt.asIntN(64, field.varint ?? 0n));
    case 'bool':
      return (field.varint ?? 0n) !== 0n;
  }
}

function timeOf(buf: Buffer): string {
  let seconds = 0;
  for (const fl of readFields(buf)) if (fl.no === 1) seconds = Number(fl.varint ?? 0n);
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeField(field: WireField, desc: FieldDesc): unknown {
  const t = desc.type;
  if (t === 'time') return timeOf(field.bytes ?? Buffer.alloc(0));
  if (typeof t === 'string') return scalar(field, t);
  if ('map' in t) {
    let key = '';
    let value: unknown = t.map === 'bytes' ? '' : '';
    for (const e of readFields(field.bytes ?? Buffer.alloc(0))) {
      if (e.no === 1) key = scalar(e, 'string') as string;
      if (e.no === 2) value = scalar(e, t.map);
    }
    return [key, value];
  }
  return decodeMessage(field.bytes ?? Buffer.alloc(0), t);
}

export function decodeMessage(buf: Buffer, desc: MessageDesc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of readFields(buf)) {
    const fd = desc.fields[field.no];
    if (!fd) throw new WireError(`${desc.name} field ${field.no} is not understood`);
    const v = decodeField(field, fd);
    if (v === '' && !fd.repeated) continue; // Go's omitempty: an empty string is an absent field
    if (typeof fd.type === 'object' && 'map' in fd.type) {
      const [k, val] = v as [string, unknown];
      ((out[fd.name] ??= {}) as Record<string, unknown>)[k] = val;
    } else if (fd.repeated) {
      ((out[fd.name] ??= []) as unknown[]).push(v);
    } else {
      out[fd.name] = v;
    }
  }
  return out;
}

/**
 * Decode a `application/vnd.kubernetes.protobuf` request body (the "k8s\0" + runtime.Unknown envelope)
 * into the JSON form of the object. Only the kinds in k8s-messages.ts are understood.
 */
export function decodeKubernetesProtobuf(buf: Buffer): Record<string, unknown> {
  if (buf.length < 4 || !buf.subarray(0, 4).equals(magic)) throw apiErrors.badRequest('protobuf body does not start with the Kubernetes magic number');
  let envelope: Record<string, unknown>;
  try {
    envelope = decodeMessage(buf.subarray(4), unknownEnvelope);
  } catch (e) {
    throw apiErrors.badRequest(`cannot decode protobuf envelope: ${(e as Error).message}`);
  }
  const tm = (envelope['typeMeta'] ?? {}) as { apiVersion?: string; kind?: string };
  const desc = topLevel[`${tm.apiVersion}/${tm.kind}`];
  if (!desc) {
    throw apiErrors.unsupportedMediaType(`ordinal does not decode ${tm.apiVersion}/${tm.kind} sent as protobuf; send it as JSON or YAML (for example \`kubectl apply -f\`)`);
  }
  try {
    const raw = Buffer.from(String(envelope['raw'] ?? ''), 'base64');
    return { apiVersion: tm.apiVersion, kind: tm.kind, ...decodeMessage(raw, desc) };
  } catch (e) {
    if (e instanceof WireError) throw apiErrors.unsupportedMediaType(`cannot decode protobuf ${tm.apiVersion}/${tm.kind}: ${e.message}; send it as JSON`);
    throw e;
  }
}
