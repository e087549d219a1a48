import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { customResourceSchema, toOpenApiSchema } from './openapi-schema.js';

describe('toOpenApiSchema', () => {
  it('turns TypeBox idioms into structural OpenAPI', () => {
    const s = toOpenApiSchema(Type.Object({
      masters: Type.Integer({ minimum: 3, default: 3, description: 'masters' }),
      mode: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' })),
      config: Type.Optional(Type.Record(Type.String(), Type.String())),
      size: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
      note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      extra: Type.Optional(Type.Unknown()),
      tags: Type.Optional(Type.Array(Type.String())),
      ratio: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    }, { additionalProperties: false }));
    assert.deepEqual(s, {
      type: 'object',
      properties: {
        masters: { type: 'integer', minimum: 3, default: 3, description: 'masters' },
        mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
        config: { type: 'object', additionalProperties: { type: 'string' } },
        size: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        extra: { 'x-kubernetes-preserve-unknown-fields': true },
        tags: { type: 'array', items: { type: 'string' } },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true },
      },
    });
  });

  it('keeps unknown fields only where asked', () => {
    assert.deepEqual(toOpenApiSchema(Type.Object({}, { additionalProperties: true })), { type: 'object', properties: {}, 'x-kubernetes-preserve-unknown-fields': true });
    assert.deepEqual(toOpenApiSchema(Type.Object({ a: Type.String() })), { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] });
  });

  it('fails loudly on what Kubernetes cannot express', () => {
    assert.throws(() => toOpenApiSchema(Type.Object({ u: Type.Union([Type.String(), Type.Boolean()]) })), { code: 'E_CRD_SCHEMA_UNSUPPORTED', message: /schema\.u: unions/ });
    assert.throws(() => toOpenApiSchema(Type.Object({ r: Type.Record(Type.Number(), Type.String()) })), /Record<string, T>/);
    assert.throws(() => toOpenApiSchema(Type.Object({ r: Type.Null() })), /null alone/);
  });
});

describe('customResourceSchema', () => {
  it('defaults an optional-only spec to {} so nested defaults apply', () => {
    const s = customResourceSchema(Type.Object({ a: Type.Optional(Type.Integer({ default: 1 })) }), Type.Object({}));
    const props = s['properties'] as Record<string, Record<string, unknown>>;
    assert.deepEqual(props['spec']!['default'], {});
    assert.equal(s['required'], undefined);
    assert.deepEqual(props['metadata'], { type: 'object' });
  });

  it('a field with a default is not required of the writer (the server fills it in)', () => {
    const s = customResourceSchema(Type.Object({ a: Type.Integer({ default: 1 }), b: Type.String() }), Type.Object({}));
    const spec = (s['properties'] as Record<string, Record<string, unknown>>)['spec']!;
    assert.deepEqual(spec['required'], ['b']);
  });

  it('requires the spec when it has required fields', () => {
    const s = customResourceSchema(Type.Object({ a: Type.Integer() }), Type.Object({}));
    assert.deepEqual(s['required'], ['spec']);
  });
});
