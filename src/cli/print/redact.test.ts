import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastAppliedAnnotation, type JsonObject } from '../../client/index.js';
import { formatObject } from './object-output.js';
import { redactForOutput, redactSecret, scrubValues, secretValuesOf } from './redact.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

const secret: JsonObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db',
    annotations: { [lastAppliedAnnotation]: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', stringData: { password: 's3cr3t-pass' } }) + '\n', other: 'kept' },
  },
  type: 'Opaque',
  data: { password: b64('s3cr3t-pass'), user: b64('admin') },
};

describe('redactSecret', () => {
  it('replaces every value with its size, in data, stringData and the last-applied annotation', () => {
    const out = redactSecret({ ...secret, stringData: { token: 'tok-123' } });
    assert.deepEqual(out['data'], { password: '<redacted: 11 bytes>', user: '<redacted: 5 bytes>' });
    assert.deepEqual(out['stringData'], { token: '<redacted: 7 bytes>' });
    const annotations = (out['metadata'] as { annotations: Record<string, string> }).annotations;
    assert.equal(annotations['other'], 'kept');
    assert.equal(annotations[lastAppliedAnnotation], '{"apiVersion":"v1","kind":"Secret","stringData":{"password":"<redacted: 11 bytes>"}}\n');
    assert.equal(JSON.stringify(out).includes('s3cr3t'), false);
    assert.equal((secret['data'] as Record<string, string>)['user'], b64('admin'), 'input untouched');
  });

  it('hides an unparseable last-applied annotation entirely', () => {
    const out = redactSecret({ ...secret, metadata: { name: 'db', annotations: { [lastAppliedAnnotation]: 'password=s3cr3t' } } });
    assert.equal((out['metadata'] as { annotations: Record<string, string> }).annotations[lastAppliedAnnotation], '<redacted: 15 bytes>');
  });

  it('redacts Secrets inside a List and leaves other kinds alone', () => {
    const cm: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'visible' } };
    const list = redactForOutput({ apiVersion: 'v1', kind: 'List', items: [secret, cm] });
    assert.equal(JSON.stringify(list).includes(b64('s3cr3t-pass')), false);
    assert.deepEqual((list['items'] as JsonObject[])[1], cm);
  });

  it('applies to yaml and json output unless secrets are asked for', () => {
    for (const f of ['yaml', 'json'] as const) {
      const text = formatObject(secret, f, false);
      assert.equal(text.includes(b64('s3cr3t-pass')) || text.includes('s3cr3t-pass'), false, f);
      assert.match(text, /<redacted: 11 bytes>/);
      assert.equal(formatObject(secret, f, true).includes(b64('s3cr3t-pass')), true);
    }
  });
});

describe('scrubValues', () => {
  it('removes secret values, encoded and decoded, from messages', () => {
    const values = secretValuesOf({ ...secret, stringData: { k: 'ab' } });
    assert.ok(values.includes('s3cr3t-pass') && values.includes(b64('s3cr3t-pass')));
    const msg = scrubValues(`Secret "db" is invalid: data[password]: Invalid value: "s3cr3t-pass", ${b64('admin')}; k: "ab" about`, values);
    assert.equal(msg, 'Secret "db" is invalid: data[password]: Invalid value: "<redacted>", <redacted>; k: "<redacted>" about');
  });

  it('finds no values in other kinds', () => {
    assert.deepEqual(secretValuesOf({ kind: 'ConfigMap', apiVersion: 'v1', data: { a: 'x' } }), []);
  });
});
