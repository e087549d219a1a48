import { isIPv4 } from 'node:net';
import { OrdinalError } from '../../lib/errors.js';
import { encodeFlags, type DnsMessage, type DnsRdata, type DnsResourceRecord } from './message.js';

/** Writes a message, compressing names against every name suffix already written (RFC 1035 4.1.4). */
class MessageWriter {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly suffixes = new Map<string, number>();
  private readonly patches: { at: number; value: number }[] = [];

  get length(): number {
    return this.size;
  }

  bytes(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
  }

  u16(v: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v);
    this.bytes(b);
  }

  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    this.bytes(b);
  }

  name(name: string): void {
    const labels = name.replace(/\.$/, '').split('.').filter((l) => l.length > 0);
    for (let i = 0; i < labels.length; i++) {
      const key = labels.slice(i).join('.').toLowerCase();
      const pointer = this.suffixes.get(key);
      if (pointer !== undefined) {
        this.u16(0xc000 | pointer);
        return;
      }
      if (this.size < 0x3fff) this.suffixes.set(key, this.size);
      const label = Buffer.from(labels[i] ?? '', 'latin1');
      if (label.length > 63) throw new OrdinalError('DnsEncodeError', `label longer than 63 bytes in ${name}`);
      this.bytes(Buffer.from([label.length]));
      this.bytes(label);
    }
    this.bytes(Buffer.from([0]));
  }

  /** Writes a 16-bit placeholder and returns its offset, to be filled by patchU16. */
  reserveU16(): number {
    const at = this.size;
    this.u16(0);
    return at;
  }

  patchU16(at: number, value: number): void {
    this.patches.push({ at, value });
  }

  toBuffer(): Buffer {
    const out = Buffer.concat(this.chunks, this.size);
    for (const { at, value } of this.patches) out.writeUInt16BE(value, at);
    return out;
  }
}

function writeRdata(w: MessageWriter, rdata: DnsRdata): void {
  const lengthAt = w.reserveU16();
  const start = w.length;
  switch (rdata.kind) {
    case 'A': {
      if (!isIPv4(rdata.address)) throw new OrdinalError('DnsEncodeError', `not an IPv4 address: ${rdata.address}`);
      w.bytes(Buffer.from(rdata.address.split('.').map(Number)));
      break;
    }
    case 'SRV':
      w.u16(rdata.priority);
      w.u16(rdata.weight);
      w.u16(rdata.port);
      w.name(rdata.target);
      break;
    case 'raw':
      w.bytes(rdata.data);
      break;
  }
  w.patchU16(lengthAt, w.length - start);
}

function writeRecord(w: MessageWriter, rr: DnsResourceRecord): void {
  w.name(rr.name);
  w.u16(rr.type);
  w.u16(rr.class);
  w.u32(rr.ttl);
  writeRdata(w, rr.rdata);
}

/** Encodes a message; section counts come from the arrays. */
export function encodeMessage(msg: DnsMessage): Buffer {
  const w = new MessageWriter();
  w.u16(msg.id);
  w.u16(encodeFlags(msg.flags));
  w.u16(msg.questions.length);
  w.u16(msg.answers.length);
  w.u16(msg.authorities.length);
  w.u16(msg.additionals.length);
  for (const q of msg.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const rr of [...msg.answers, ...msg.authorities, ...msg.additionals]) writeRecord(w, rr);
  return w.toBuffer();
}
