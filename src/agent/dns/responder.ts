import type { ClusterDnsRecords } from './cluster-dns-records.js';
import { decodeMessage, readHeader } from './decode.js';
import { encodeMessage } from './encode.js';
import { RCODE, RR_CLASS_ANY, RR_CLASS_IN, RR_TYPE, type DnsMessage, type DnsQuestion, type DnsResourceRecord } from './message.js';
import { DNS_TTL_SECONDS, type DnsRecord } from './types.js';

export interface RespondOptions {
  /** Largest response; larger ones are cut and marked TC (512 over UDP, unlimited over TCP). */
  maxSize?: number;
}

function toResourceRecord(record: DnsRecord, ownerName: string): DnsResourceRecord {
  const base = { name: ownerName, class: RR_CLASS_IN, ttl: DNS_TTL_SECONDS };
  if (record.type === 'A') return { ...base, type: RR_TYPE.A, rdata: { kind: 'A', address: record.address } };
  const { priority, weight, port, target } = record;
  return { ...base, type: RR_TYPE.SRV, rdata: { kind: 'SRV', priority, weight, port, target } };
}

interface Answer {
  rcode: number;
  authoritative: boolean;
  answers: DnsResourceRecord[];
  additionals: DnsResourceRecord[];
}

/** Decides the answer to one question: no recursion, nothing outside the cluster zone. */
export function answerQuestion(q: DnsQuestion, records: ClusterDnsRecords): Answer {
  const refused: Answer = { rcode: RCODE.REFUSED, authoritative: false, answers: [], additionals: [] };
  if ((q.class !== RR_CLASS_IN && q.class !== RR_CLASS_ANY) || !records.isInZone(q.name)) return refused;
  const type = q.type === RR_TYPE.A ? 'A' : q.type === RR_TYPE.SRV ? 'SRV' : q.type === RR_TYPE.ANY ? 'ANY' : undefined;
  const found = type ? records.lookup(q.name, type) : [];
  const answers = found.map((r) => toResourceRecord(r, q.name));
  const additionals: DnsResourceRecord[] = [];
  for (const r of found) {
    if (r.type !== 'SRV') continue;
    for (const a of records.lookup(r.target, 'A')) additionals.push(toResourceRecord(a, r.target));
  }
  const rcode = answers.length === 0 && !records.hasName(q.name) ? RCODE.NXDOMAIN : RCODE.NOERROR;
  return { rcode, authoritative: true, answers, additionals };
}

/** Encodes `msg`, dropping additional then answer records until it fits; sets TC if anything was cut. */
export function encodeWithLimit(msg: DnsMessage, maxSize: number): Buffer {
  let out = encodeMessage(msg);
  if (out.length <= maxSize) return out;
  const cut: DnsMessage = { ...msg, flags: { ...msg.flags, tc: true }, additionals: [], authorities: [] };
  out = encodeMessage(cut);
  if (out.length <= maxSize) return out;
  // Binary search for the most leading answers that fit (zero always fits a single question).
  let lo = 0;
  let hi = msg.answers.length - 1;
  let best = encodeMessage({ ...cut, answers: [] });
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    out = encodeMessage({ ...cut, answers: msg.answers.slice(0, mid) });
    if (out.length <= maxSize) {
      best = out;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * Answers one query message with one response message, or undefined to stay silent (a message
 * too short to carry an id, or itself a response).
 */
export function respond(query: Buffer, records: ClusterDnsRecords, options: RespondOptions = {}): Buffer | undefined {
  const header = readHeader(query);
  if (!header || (header.flags & 0x8000) !== 0) return undefined;
  const opcode = (header.flags >> 11) & 0xf;
  const rd = (header.flags & 0x0100) !== 0;
  const reply = (rcode: number, questions: DnsQuestion[], answer?: Answer): DnsMessage => ({
    id: header.id,
    flags: { qr: true, opcode, aa: answer?.authoritative ?? false, tc: false, rd, ra: false, rcode },
    questions,
    answers: answer?.answers ?? [],
    authorities: [],
    additionals: answer?.additionals ?? [],
  });
  let msg: DnsMessage;
  if (opcode !== 0) {
    msg = reply(RCODE.NOTIMP, []);
  } else {
    let questions: DnsQuestion[] | undefined;
    try {
      questions = decodeMessage(query).questions;
    } catch {
      questions = undefined;
    }
    const q = questions?.length === 1 ? questions[0] : undefined;
    if (!q) {
      msg = reply(RCODE.FORMERR, []);
    } else {
      const answer = answerQuestion(q, records);
      msg = reply(answer.rcode, [q], answer);
    }
  }
  return encodeWithLimit(msg, options.maxSize ?? Number.POSITIVE_INFINITY);
}
