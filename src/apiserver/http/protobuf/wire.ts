/** Protocol Buffers wire format: just enough to read the messages kubectl's typed clients send. */
export interface WireField {
  no: number;
  wireType: number;
  /** varint value (wire type 0) */
  varint?: bigint;
  /** length-delimited bytes (wire type 2) */
  bytes?: Buffer;
}

export class WireError extends Error {}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
    if (shift > 63n) throw new WireError('varint too long');
  }
}

export function readFields(buf: Buffer): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) {
      const [v, p2] = readVarint(buf, pos);
      pos = p2;
      out.push({ no, wireType, varint: v });
    } else if (wireType === 2) {
      const [len, p2] = readVarint(buf, pos);
      const end = p2 + Number(len);
      if (end > buf.length) throw new WireError('truncated length-delimited field');
      out.push({ no, wireType, bytes: buf.subarray(p2, end) });
      pos = end;
    } else if (wireType === 1) {
      pos += 8;
      out.push({ no, wireType });
    } else if (wireType === 5) {
      pos += 4;
      out.push({ no, wireType });
    } else {
      throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
  return out;
}
