import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiRequestError, errorFromResponse, isNotFound } from './api-request-error.js';
import { OrdinalError } from '../lib/errors.js';

describe('errorFromResponse', () => {
  it('keeps the status, reason and message of a v1 Status', () => {
    const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'pods "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'pods' }, code: 404 });
    const e = errorFromResponse(404, body);
    assert.ok(e instanceof ApiRequestError && e instanceof OrdinalError);
    assert.equal(e.status, 404);
    assert.equal(e.reason, 'NotFound');
    assert.equal(e.message, 'pods "x" not found');
    assert.equal(e.details?.name, 'x');
    assert.equal(isNotFound(e), true);
  });

  it('makes do with a bare HTTP error', () => {
    const e = errorFromResponse(404, '404 page not found');
    assert.equal(e.reason, 'NotFound');
    assert.equal(e.message, 'the server could not find the requested resource');
    assert.equal(errorFromResponse(500, 'boom').message, 'boom');
    assert.equal(errorFromResponse(418, '').reason, '');
  });
});
