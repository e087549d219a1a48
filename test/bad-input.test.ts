// Bad input gets a clear 4xx Status, the server keeps serving, and nothing partial is stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { rawClient } from './support/raw-client.js';

let server: ServerProcess;
let call: ReturnType<typeof rawClient>;

before(async () => {
  server = await startServerProcess();
  call = rawClient(server.dataDir, () => server.url);
  const ns = await call('POST', '/api/v1/namespaces', { body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bad' } }), contentType: 'application/json' });
  assert.equal(ns.status, 201);
});
after(async () => {
  await server.cleanup();
});

const validPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };

async function countObjects(): Promise<number> {
  let n = 0;
  for (const path of ['/api/v1/namespaces/bad/pods', '/api/v1/namespaces/bad/configmaps', '/apis/apps/v1/namespaces/bad/statefulsets']) {
    n += (await call('GET', path)).json().items.length;
  }
  return n;
}

function assertStatus(res: { status: number; json(): any }, code: number, reason: string, messagePart: RegExp): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(res.status, code, `HTTP ${code} expected, got ${res.status}`);
  const body = res.json();
  assert.equal(body.kind, 'Status');
  assert.equal(body.status, 'Failure');
  assert.equal(body.code, code);
  assert.equal(body.reason, reason);
  assert.match(body.message, messagePart);
}

describe('bad input', () => {
  it('rejects each kind of bad request with a clear Status and stores nothing', async () => {
    const before = await countObjects();
    const post = (path: string, body: string, contentType = 'application/json') => call('POST', path, { body, contentType });
    assertStatus(await post('/api/v1/namespaces/bad/pods', JSON.stringify(validPod).slice(0, 40)), 400, 'BadRequest', /json/i);
    assertStatus(await post('/api/v1/namespaces/bad/pods', 'kind: Pod\nmetadata: [\n  name: : :\n', 'application/yaml'), 400, 'BadRequest', /yaml/i);
    assertStatus(await post('/api/v1/namespaces/bad/pods', JSON.stringify({ ...validPod, kind: 'ConfigMap' })), 400, 'BadRequest', /kind/);
    assertStatus(await post('/apis/apps/v1/namespaces/bad/statefulsets', JSON.stringify({ ...validPod, apiVersion: 'v1', kind: 'StatefulSet' })), 400, 'BadRequest', /API version/);
    assertStatus(await post('/api/v1/namespaces/bad/pods', JSON.stringify({ ...validPod, metadata: { name: 'Web_0' } })), 422, 'Invalid', /metadata\.name/);
    const wrongType = await post('/apis/apps/v1/namespaces/bad/statefulsets', JSON.stringify({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
      spec: { replicas: 'three', serviceName: 'web', selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    }));
    assertStatus(wrongType, 422, 'Invalid', /spec\.replicas/);
    assert.ok(wrongType.json().details.causes.some((c: { field: string }) => c.field === 'spec.replicas'));
    assertStatus(await post('/api/v1/namespaces/bad/configmaps?fieldValidation=Strict', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, dta: { a: 'b' } })), 400, 'BadRequest', /unknown field "dta"/);
    assertStatus(await post('/api/v1/namespaces/nowhere/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })), 404, 'NotFound', /namespaces "nowhere" not found/);
    assertStatus(await call('GET', '/api/v1/namespaces/bad/pods', { token: null }), 401, 'Unauthorized', /Unauthorized/);
    assertStatus(await call('GET', '/api/v1/namespaces/bad/pods', { token: 'not-the-token' }), 401, 'Unauthorized', /Unauthorized/);
    assertStatus(await call('GET', '/api/v1/namespaces/bad/widgets'), 404, 'NotFound', /could not find the requested resource/);
    assertStatus(await call('PATCH', '/api/v1/namespaces/bad/pods/p1', { body: '{}', contentType: 'application/merge-patch+json' }), 404, 'NotFound', /pods "p1" not found/);
    assert.equal(await countObjects(), before, 'nothing partial was stored');
    // and the server keeps serving
    assert.equal((await call('GET', '/readyz', { token: null })).text, 'ok');
    assert.equal((await post('/api/v1/namespaces/bad/pods', JSON.stringify(validPod))).status, 201);
  });

  it('accepts YAML bodies and honours dryRun=All without storing', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n';
    const dry = await call('POST', '/api/v1/namespaces/bad/configmaps?dryRun=All', { body: yaml, contentType: 'application/yaml' });
    assert.equal(dry.status, 201);
    assert.equal(dry.json().data.k, 'v');
    assert.equal((await call('GET', '/api/v1/namespaces/bad/configmaps/from-yaml')).status, 404);
    assert.equal((await call('POST', '/api/v1/namespaces/bad/configmaps', { body: yaml, contentType: 'application/yaml' })).status, 201);
  });
});
