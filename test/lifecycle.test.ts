// Object lifecycle on a real server: generateName, finalizers, graceful pod deletion, propagation,
// binding, eviction against a PodDisruptionBudget, field selectors, deletecollection, namespace
// teardown, watch initial events and timeouts, and secrets kept out of logs and errors.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { rawClient } from './support/raw-client.js';
import { eventually } from './support/kube.js';

let server: ServerProcess;
let call: ReturnType<typeof rawClient>;
const json = 'application/json';

before(async () => {
  server = await startServerProcess({ extraArgs: ['--log-level', 'debug'] });
  call = rawClient(server.dataDir, () => server.url);
  assert.equal((await call('POST', '/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: 'life' } }), contentType: json })).status, 201);
});
after(async () => {
  await server.cleanup();
});

const post = async (path: string, body: unknown) => call('POST', path, { body: JSON.stringify(body), contentType: json });
const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'redis:7' }], ...extra } });

describe('lifecycle', () => {
  it('names objects from generateName', async () => {
    const r = await post('/api/v1/namespaces/life/configmaps', { metadata: { generateName: 'gen-' } });
    assert.equal(r.status, 201);
    assert.match(r.json().metadata.name, /^gen-[a-z0-9]{5}$/);
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    await post('/api/v1/namespaces/life/configmaps', { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const del = await call('DELETE', '/api/v1/namespaces/life/configmaps/held');
    assert.equal(del.status, 202);
    const held = (await call('GET', '/api/v1/namespaces/life/configmaps/held')).json();
    assert.ok(held.metadata.deletionTimestamp);
    const patch = await call('PATCH', '/api/v1/namespaces/life/configmaps/held', { body: JSON.stringify({ metadata: { finalizers: null } }), contentType: 'application/merge-patch+json' });
    assert.equal(patch.status, 200);
    assert.equal((await call('GET', '/api/v1/namespaces/life/configmaps/held')).status, 404);
  });

  it('deletes a scheduled pod gracefully and an unscheduled one at once', async () => {
    await post('/api/v1/namespaces/life/pods', pod('loose'));
    assert.equal((await call('DELETE', '/api/v1/namespaces/life/pods/loose')).status, 200);
    assert.equal((await call('GET', '/api/v1/namespaces/life/pods/loose')).status, 404);
    await post('/api/v1/namespaces/life/pods', pod('bound', { nodeName: 'node-1', terminationGracePeriodSeconds: 20 }));
    const del = await call('DELETE', '/api/v1/namespaces/life/pods/bound');
    assert.equal(del.status, 202);
    assert.equal(del.json().metadata.deletionGracePeriodSeconds, 20);
    const shorter = await call('DELETE', '/api/v1/namespaces/life/pods/bound', { body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 }), contentType: json });
    assert.equal(shorter.status, 200, shorter.text);
    assert.equal((await call('GET', '/api/v1/namespaces/life/pods/bound')).status, 404);
  });

  it('records orphan and foreground propagation as finalizers for the garbage collector', async () => {
    await post('/api/v1/namespaces/life/configmaps', { metadata: { name: 'orphaner' } });
    const r = await call('DELETE', '/api/v1/namespaces/life/configmaps/orphaner?propagationPolicy=Orphan');
    assert.equal(r.status, 202);
    assert.deepEqual(r.json().metadata.finalizers, ['orphan']);
    const bad = await call('DELETE', '/api/v1/namespaces/life/configmaps/orphaner?propagationPolicy=Sometimes');
    assert.equal(bad.status, 400);
  });

  it('binds a pod once and evicts only within its disruption budget', async () => {
    await post('/api/v1/namespaces/life/pods', pod('db-0'));
    const bind = await post('/api/v1/namespaces/life/pods/db-0/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'db-0' }, target: { kind: 'Node', name: 'node-2' } });
    assert.equal(bind.status, 201);
    const bound = (await call('GET', '/api/v1/namespaces/life/pods/db-0')).json();
    assert.equal(bound.spec.nodeName, 'node-2');
    assert.ok(bound.status.conditions.some((c: { type: string; status: string }) => c.type === 'PodScheduled' && c.status === 'True'));
    const again = await post('/api/v1/namespaces/life/pods/db-0/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'db-0' }, target: { kind: 'Node', name: 'node-3' } });
    assert.equal(again.status, 409);
    await call('PUT', '/api/v1/namespaces/life/pods/db-0/status', { body: JSON.stringify({ ...bound, status: { ...bound.status, phase: 'Running' } }), contentType: json });
    const pdb = (await post('/apis/policy/v1/namespaces/life/poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'db' } } } })).json();
    // the disruption controller's view, played by the test: no disruption allowed yet
    const setPdbStatus = async (allowed: number) => {
      const cur = (await call('GET', '/apis/policy/v1/namespaces/life/poddisruptionbudgets/db')).json();
      const r = await call('PUT', '/apis/policy/v1/namespaces/life/poddisruptionbudgets/db/status', { body: JSON.stringify({ ...cur, status: { observedGeneration: pdb.metadata.generation, disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1 - allowed, expectedPods: 1 } }), contentType: json });
      assert.equal(r.status, 200);
    };
    await setPdbStatus(0);
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'db-0', namespace: 'life' } };
    const refused = await post('/api/v1/namespaces/life/pods/db-0/eviction', eviction);
    assert.equal(refused.status, 429);
    assert.match(refused.json().message, /disruption budget/);
    assert.equal(refused.json().details.causes[0].reason, 'DisruptionBudget');
    await setPdbStatus(1);
    assert.equal((await post('/api/v1/namespaces/life/pods/db-0/eviction', eviction)).status, 201);
    const evicted = (await call('GET', '/api/v1/namespaces/life/pods/db-0')).json();
    assert.ok(evicted.metadata.deletionTimestamp, 'the evicted pod is terminating');
    const after = (await call('GET', '/apis/policy/v1/namespaces/life/poddisruptionbudgets/db')).json();
    assert.equal(after.status.disruptionsAllowed, 0);
  });

  it('filters by field selectors and deletes collections by label', async () => {
    await post('/api/v1/namespaces/life/pods', pod('on-1', { nodeName: 'node-1' }));
    await post('/api/v1/namespaces/life/pods', pod('on-3', { nodeName: 'node-3' }));
    const onNode3 = (await call('GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-3')).json();
    assert.deepEqual(onNode3.items.map((p: { metadata: { name: string } }) => p.metadata.name), ['on-3']);
    const pending = (await call('GET', '/api/v1/namespaces/life/pods?fieldSelector=status.phase%3DPending,metadata.name!%3Don-1')).json();
    assert.ok(pending.items.every((p: { metadata: { name: string } }) => p.metadata.name !== 'on-1'));
    assert.equal((await call('GET', '/api/v1/pods?fieldSelector=spec.color%3Dred')).status, 400);
    for (const n of ['a', 'b']) await post('/api/v1/namespaces/life/configmaps', { metadata: { name: `batch-${n}`, labels: { batch: 'yes' } } });
    const del = await call('DELETE', '/api/v1/namespaces/life/configmaps?labelSelector=batch%3Dyes');
    assert.equal(del.status, 200);
    assert.equal((await call('GET', '/api/v1/namespaces/life/configmaps?labelSelector=batch%3Dyes')).json().items.length, 0);
  });

  it('tears a namespace down with its content', async () => {
    await post('/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await post('/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'x' } });
    const del = await call('DELETE', '/api/v1/namespaces/doomed');
    assert.equal(del.status, 202);
    assert.equal(del.json().status.phase, 'Terminating');
    const refused = await post('/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } });
    assert.ok(refused.status === 403 || refused.status === 404, `create in a terminating namespace is refused (${refused.status})`);
    await eventually(async () => (await call('GET', '/api/v1/namespaces/doomed')).status === 404 || undefined, 'the namespace to go');
    assert.equal((await call('GET', '/api/v1/namespaces/doomed/configmaps/x')).status, 404);
  });

  it('sends initial events then an end bookmark, and ends a watch at timeoutSeconds', async () => {
    const ca = readFileSync(join(server.dataDir, 'pki', 'ca.crt'));
    const token = readFileSync(join(server.dataDir, 'token'), 'utf8').trim();
    const started = Date.now();
    const lines = await new Promise<string[]>((resolve, reject) => {
      const u = new URL('/api/v1/namespaces/life/configmaps?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1', server.url);
      request(u, { ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve(text.trim().split('\n').filter(Boolean)));
      }).on('error', reject).end();
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 900 && elapsed < 5000, `closed after ~1s (${elapsed} ms)`);
    const events = lines.map((l) => JSON.parse(l));
    const bookmark = events.findIndex((e) => e.type === 'BOOKMARK');
    assert.ok(bookmark > 0, 'initial ADDED events come first');
    assert.ok(events.slice(0, bookmark).every((e) => e.type === 'ADDED'));
    assert.equal(events[bookmark].object.metadata.annotations['k8s.io/initial-events-end'], 'true');
  });

  it('keeps secret values out of errors and logs', async () => {
    const value = Buffer.from('TOPSECRET-value-42').toString('base64');
    const ok = await post('/api/v1/namespaces/life/secrets', { metadata: { name: 's1' }, data: { password: value }, stringData: { token: 'plain-TOPSECRET-token' } });
    assert.equal(ok.status, 201);
    const bad = await post('/api/v1/namespaces/life/secrets', { metadata: { name: 's2' }, data: { password: 'TOPSECRET not base64!' } });
    assert.equal(bad.status, 422);
    assert.doesNotMatch(bad.text, /TOPSECRET/);
    const invalidKey = await post('/api/v1/namespaces/life/secrets', { metadata: { name: 's3' }, data: { 'bad key!': value } });
    assert.equal(invalidKey.status, 422);
    assert.doesNotMatch(invalidKey.text, /TOPSECRET|VE9QU0VDUkVU/);
    await new Promise((r) => setTimeout(r, 200));
    assert.doesNotMatch(server.logs(), /TOPSECRET|VE9QU0VDUkVU/);
    const mode = readFileSync(join(server.dataDir, 'token')).length > 0 && (await import('node:fs')).statSync(join(server.dataDir, 'token')).mode & 0o777;
    assert.equal(mode, 0o600);
    assert.equal((await import('node:fs')).statSync(join(server.dataDir, 'kubeconfig')).mode & 0o777, 0o600);
    assert.equal((await import('node:fs')).statSync(join(server.dataDir, 'pki', 'apiserver.key')).mode & 0o777, 0o600);
  });
});
