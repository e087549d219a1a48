/** The parts of the DNS wire format (RFC 1035, RFC 2782) this server reads and writes. */

export const RR_TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 } as const;
export const RR_CLASS_IN = 1;
export const RR_CLASS_ANY = 255;

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/** Largest message over UDP without EDNS (RFC 1035 4.2.1). */
export const UDP_MAX_SIZE = 512;

export interface DnsFlags {
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  rcode: number;
}

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

export type DnsRdata =
  | { kind: 'A'; address: string }
  | { kind: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { kind: 'raw'; data: Buffer };

export interface DnsResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  rdata: DnsRdata;
}

export interface DnsMessage {
  id: number;
  flags: DnsFlags;
  questions: DnsQuestion[];
  answers: DnsResourceRecord[];
  authorities: DnsResourceRecord[];
  additionals: DnsResourceRecord[];
}

export function encodeFlags(f: DnsFlags): number {
  return (
    (f.qr ? 0x8000 : 0) |
    ((f.opcode & 0xf) << 11) |
    (f.aa ? 0x0400 : 0) |
    (f.tc ? 0x0200 : 0) |
    (f.rd ? 0x0100 : 0) |
    (f.ra ? 0x0080 : 0) |
    (f.rcode & 0xf)
  );
}

export function decodeFlags(v: number): DnsFlags {
  return {
    qr: (v & 0x8000) !== 0,
    opcode: (v >> 11) & 0xf,
    aa: (v & 0x0400) !== 0,
    tc: (v & 0x0200) !== 0,
    rd: (v & 0x0100) !== 0,
    ra: (v & 0x0080) !== 0,
    rcode: v & 0xf,
  };
}
