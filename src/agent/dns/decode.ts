import { OrdinalError } from '../../lib/errors.js';
import { decodeFlags, RR_TYPE, type DnsMessage, type DnsQuestion, type DnsRdata, type DnsResourceRecord } from './message.js';

/** A message that is not valid DNS. */
export class DnsFormatError extends OrdinalError {
  constructor(message: string) {
    super('DnsFormatError', message);
  }
}

const HEADER_SIZE = 12;
const MAX_POINTER_JUMPS = 32;

function need(buf: Buffer, offset: number, length: number): void {
  if (offset + length > buf.length) throw new DnsFormatError(`message truncated at byte ${offset} (need ${length})`);
}

/** Reads a possibly compressed name at `offset`; returns it (no trailing dot) and the offset after it. */
export function readName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = offset;
  let next = -1;
  let jumps = 0;
  let length = 0;
  for (;;) {
    need(buf, pos, 1);
    const len = buf[pos] ?? 0;
    if ((len & 0xc0) === 0xc0) {
      need(buf, pos, 2);
      if (next < 0) next = pos + 2;
      if (++jumps > MAX_POINTER_JUMPS) throw new DnsFormatError('compression pointer loop');
      pos = buf.readUInt16BE(pos) & 0x3fff;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new DnsFormatError(`unsupported label type 0x${len.toString(16)}`);
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    need(buf, pos + 1, len);
    length += len + 1;
    if (length > 254) throw new DnsFormatError('name longer than 255 bytes');
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len));
    pos += len + 1;
  }
  return { name: labels.join('.'), next };
}

function readRdata(buf: Buffer, type: number, start: number, length: number): DnsRdata {
  if (type === RR_TYPE.A && length === 4) {
    return { kind: 'A', address: [...buf.subarray(start, start + 4)].join('.') };
  }
  if (type === RR_TYPE.SRV && length >= 7) {
    const { name } = readName(buf, start + 6);
    return { kind: 'SRV', priority: buf.readUInt16BE(start), weight: buf.readUInt16BE(start + 2), port: buf.readUInt16BE(start + 4), target: name };
  }
  return { kind: 'raw', data: Buffer.from(buf.subarray(start, start + length)) };
}

function readRecords(buf: Buffer, offset: number, count: number): { records: DnsResourceRecord[]; next: number } {
  const records: DnsResourceRecord[] = [];
  let pos = offset;
  for (let i = 0; i < count; i++) {
    const { name, next } = readName(buf, pos);
    need(buf, next, 10);
    const type = buf.readUInt16BE(next);
    const cls = buf.readUInt16BE(next + 2);
    const ttl = buf.readUInt32BE(next + 4);
    const rdlength = buf.readUInt16BE(next + 8);
    need(buf, next + 10, rdlength);
    records.push({ name, type, class: cls, ttl, rdata: readRdata(buf, type, next + 10, rdlength) });
    pos = next + 10 + rdlength;
  }
  return { records, next: pos };
}

/** Reads only the header fields a server needs to answer even a malformed query. */
export function readHeader(buf: Buffer): { id: number; flags: number; qdcount: number } | undefined {
  if (buf.length < HEADER_SIZE) return undefined;
  return { id: buf.readUInt16BE(0), flags: buf.readUInt16BE(2), qdcount: buf.readUInt16BE(4) };
}

/** Decodes a whole message: header, questions and every record section. */
export function decodeMessage(buf: Buffer): DnsMessage {
  const header = readHeader(buf);
  if (!header) throw new DnsFormatError('message shorter than its header');
  const ancount = buf.readUInt16BE(6);
  const nscount = buf.readUInt16BE(8);
  const arcount = buf.readUInt16BE(10);
  const questions: DnsQuestion[] = [];
  let pos = HEADER_SIZE;
  for (let i = 0; i < header.qdcount; i++) {
    const { name, next } = readName(buf, pos);
    need(buf, next, 4);
    questions.push({ name, type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) });
    pos = next + 4;
  }
  const answers = readRecords(buf, pos, ancount);
  const authorities = readRecords(buf, answers.next, nscount);
  const additionals = readRecords(buf, authorities.next, arcount);
  return {
    id: header.id,
    flags: decodeFlags(header.flags),
    questions,
    answers: answers.records,
    authorities: authorities.records,
    additionals: additionals.records,
  };
}
