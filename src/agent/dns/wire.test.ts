import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildClusterDnsRecords } from './cluster-dns-records.js';
import { DnsFormatError, decodeMessage, readName } from './decode.js';
import { encodeMessage } from './encode.js';
import { RCODE, RR_CLASS_IN, RR_TYPE, type DnsMessage } from './message.js';
import { respond } from './responder.js';
import { clusterInput } from './fixtures.test-util.js';

const flags = { qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0 };

function query(name: string, type: number, id = 0x1234): Buffer {
  return encodeMessage({ id, flags, questions: [{ name, type, class: RR_CLASS_IN }], answers: [], authorities: [], additionals: [] });
}

describe('DNS wire format', () => {
  it('round-trips a message with A, SRV and raw records', () => {
    const msg: DnsMessage = {
      id: 42,
      flags: { qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: false, rcode: RCODE.NOERROR },
      questions: [{ name: '_redis._tcp.redis-service.default.svc.cluster.local', type: RR_TYPE.SRV, class: RR_CLASS_IN }],
      answers: [
        { name: '_redis._tcp.redis-service.default.svc.cluster.local', type: RR_TYPE.SRV, class: RR_CLASS_IN, ttl: 5,
          rdata: { kind: 'SRV', priority: 0, weight: 100, port: 6379, target: 'redis-app-0.redis-service.default.svc.cluster.local' } },
      ],
      authorities: [{ name: 'cluster.local', type: RR_TYPE.TXT, class: RR_CLASS_IN, ttl: 5, rdata: { kind: 'raw', data: Buffer.from([2, 104, 105]) } }],
      additionals: [{ name: 'redis-app-0.redis-service.default.svc.cluster.local', type: RR_TYPE.A, class: RR_CLASS_IN, ttl: 5, rdata: { kind: 'A', address: '10.244.0.10' } }],
    };
    const wire = encodeMessage(msg);
    assert.deepEqual(decodeMessage(wire), msg);
    // Compression: the repeated suffixes are written once.
    assert.ok(wire.length < 160, `compressed size ${wire.length}`);
  });

  it('reads compression pointers in questions', () => {
    // Question 1: a.cluster.local; question 2: b + pointer to "cluster.local" at offset 14.
    const header = Buffer.from([0, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0]);
    const q1 = Buffer.from([1, 97, 7, ...Buffer.from('cluster'), 5, ...Buffer.from('local'), 0, 0, 1, 0, 1]);
    const q2 = Buffer.from([1, 98, 0xc0, 14, 0, 33, 0, 1]);
    const msg = decodeMessage(Buffer.concat([header, q1, q2]));
    assert.deepEqual(msg.questions, [
      { name: 'a.cluster.local', type: RR_TYPE.A, class: RR_CLASS_IN },
      { name: 'b.cluster.local', type: RR_TYPE.SRV, class: RR_CLASS_IN },
    ]);
  });

  it('rejects pointer loops and truncated names', () => {
    assert.throws(() => readName(Buffer.from([0xc0, 0]), 0), DnsFormatError);
    assert.throws(() => readName(Buffer.from([5, 97]), 0), DnsFormatError);
  });
});

describe('respond', () => {
  const records = buildClusterDnsRecords(clusterInput());

  it('answers A authoritatively with TTL 5, echoing id, RD and the question', () => {
    const out = decodeMessage(respond(query('Redis-App-0.redis-service.default.svc.cluster.local', RR_TYPE.A), records) ?? Buffer.alloc(0));
    assert.equal(out.id, 0x1234);
    assert.deepEqual(out.flags, { qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: false, rcode: RCODE.NOERROR });
    assert.equal(out.questions[0]?.name, 'Redis-App-0.redis-service.default.svc.cluster.local');
    assert.deepEqual(out.answers.map((a) => [a.ttl, a.rdata]), [[5, { kind: 'A', address: '10.244.0.10' }]]);
  });

  it('adds target addresses to SRV answers', () => {
    const out = decodeMessage(respond(query('_redis._tcp.redis-service.default.svc.cluster.local', RR_TYPE.SRV), records) ?? Buffer.alloc(0));
    assert.equal(out.answers.length, 2);
    assert.equal(out.additionals.length, 2);
  });

  it('gives NOERROR/empty for AAAA and empty non-terminals, NXDOMAIN for unknown, REFUSED outside', () => {
    const rcode = (name: string, type: number): [number, number, boolean] => {
      const m = decodeMessage(respond(query(name, type), records) ?? Buffer.alloc(0));
      return [m.flags.rcode, m.answers.length, m.flags.aa];
    };
    assert.deepEqual(rcode('redis-service.default.svc.cluster.local', RR_TYPE.AAAA), [RCODE.NOERROR, 0, true]);
    assert.deepEqual(rcode('default.svc.cluster.local', RR_TYPE.A), [RCODE.NOERROR, 0, true]);
    assert.deepEqual(rcode('missing.default.svc.cluster.local', RR_TYPE.A), [RCODE.NXDOMAIN, 0, true]);
    assert.deepEqual(rcode('example.com', RR_TYPE.A), [RCODE.REFUSED, 0, false]);
  });

  it('answers FORMERR to garbage, NOTIMP to other opcodes, and ignores responses', () => {
    const garbage = Buffer.from([0, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, 1]);
    assert.equal(decodeMessage(respond(garbage, records) ?? Buffer.alloc(0)).flags.rcode, RCODE.FORMERR);
    const notify = Buffer.from(query('x.cluster.local', RR_TYPE.A));
    notify.writeUInt16BE((4 << 11) | 0x0100, 2);
    assert.equal(decodeMessage(respond(notify, records) ?? Buffer.alloc(0)).flags.rcode, RCODE.NOTIMP);
    const response = Buffer.from(query('x.cluster.local', RR_TYPE.A));
    response.writeUInt16BE(0x8000, 2);
    assert.equal(respond(response, records), undefined);
    assert.equal(respond(Buffer.alloc(5), records), undefined);
  });

  it('truncates over 512 bytes and sets TC', () => {
    const ready = Array.from({ length: 60 }, (_, i) => ({ ip: `10.244.1.${i + 1}`, hostname: `big-${i}` }));
    const big = buildClusterDnsRecords({ services: [{ name: 'big', namespace: 'default', ports: [], ready }] });
    const q = query('big.default.svc.cluster.local', RR_TYPE.A);
    const udp = respond(q, big, { maxSize: 512 }) ?? Buffer.alloc(0);
    assert.ok(udp.length <= 512);
    const cut = decodeMessage(udp);
    assert.equal(cut.flags.tc, true);
    assert.ok(cut.answers.length < 60);
    const tcp = decodeMessage(respond(q, big) ?? Buffer.alloc(0));
    assert.equal(tcp.flags.tc, false);
    assert.equal(tcp.answers.length, 60);
  });
});
