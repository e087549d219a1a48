// kubectl 1.32 (the Debian package) against a real `ordinal server` process.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { eventually } from './support/kube.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const seedYaml = readFileSync(join(repo, 'examples/seed-000/redis-statefulset.yaml'), 'utf8');
let server: ServerProcess;
let work: string;

function kubectl(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync('kubectl', ['--kubeconfig', server.kubeconfigPath, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: work } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function ok(...args: string[]): string {
  const r = kubectl(...args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.err}`);
  return r.out;
}

before(async () => {
  server = await startServerProcess();
  work = mkdtempSync(join(tmpdir(), 'ordinal-kubectl-'));
});
after(async () => {
  await server.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('kubectl', () => {
  it('creates a namespace and a secret', () => {
    assert.match(ok('create', 'namespace', 'devops'), /namespace\/devops created/);
    assert.match(ok('-n', 'devops', 'create', 'secret', 'generic', 'devopssecret', '--from-literal=redisAuthPass=s3cret-pass'), /secret\/devopssecret created/);
    const secret = JSON.parse(ok('-n', 'devops', 'get', 'secret', 'devopssecret', '-o', 'json'));
    assert.equal(Buffer.from(secret.data.redisAuthPass, 'base64').toString(), 's3cret-pass');
    assert.equal(secret.type, 'Opaque');
  });

  it('applies the seed-000 StatefulSet, re-applies an edit, and reports unchanged', () => {
    const file = join(work, 'redis.yaml');
    writeFileSync(file, seedYaml);
    const first = ok('apply', '-f', file);
    assert.match(first, /service\/redis created/);
    assert.match(first, /statefulset\.apps\/redis created/);
    writeFileSync(file, seedYaml.replace('replicas: 2', 'replicas: 3').replace('image: redis:7.0', 'image: redis:7.2'));
    assert.match(ok('apply', '-f', file), /statefulset\.apps\/redis configured/);
    const sts = JSON.parse(ok('-n', 'devops', 'get', 'statefulset', 'redis', '-o', 'json'));
    assert.equal(sts.spec.replicas, 3);
    assert.equal(sts.spec.template.spec.containers[0].image, 'redis:7.2');
    assert.equal(sts.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key, 'redisAuthPass');
    assert.equal(sts.metadata.generation, 2);
    // Re-applying the same file changes nothing. (kubectl still prints "configured" for a StatefulSet:
    // volumeClaimTemplates is an atomic list that the server stores with defaults, exactly as on Kubernetes.)
    assert.match(ok('apply', '-f', file), /service\/redis unchanged/);
    // (the StatefulSet controller writes status meanwhile, so compare what the user owns, not resourceVersion)
    const again = JSON.parse(ok('-n', 'devops', 'get', 'sts', 'redis', '-o', 'json'));
    assert.equal(again.metadata.generation, 2);
    assert.deepEqual(again.spec, sts.spec);
  });

  it('refuses the seed as written (apps/v1beta1) with a clear error', () => {
    const file = join(work, 'v1beta1.yaml');
    writeFileSync(file, seedYaml.replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta1'));
    const r = kubectl('apply', '-f', file);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /no matches for kind "StatefulSet" in version "apps\/v1beta1"/);
  });

  it('prints tables with get -o wide and describes', () => {
    const wide = ok('-n', 'devops', 'get', 'statefulsets', '-o', 'wide');
    const [header, row] = wide.trim().split('\n');
    assert.match(header!, /^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES/);
    assert.match(row!, /^redis\s+0\/3\s+\S+\s+redis\s+redis:7\.2/);
    const svc = ok('-n', 'devops', 'get', 'svc');
    assert.match(svc, /redis\s+ClusterIP\s+None\s+<none>\s+6379\/TCP/);
    const described = ok('-n', 'devops', 'describe', 'statefulset', 'redis');
    assert.match(described, /Name:\s+redis/);
    assert.match(described, /Replicas:\s+3 desired/);
    assert.match(described, /Image:\s+redis:7\.2/);
    assert.match(described, /redis-volume/);
  });

  it('watches with get -w', async () => {
    const child = spawn('kubectl', ['--kubeconfig', server.kubeconfigPath, '-n', 'devops', 'get', 'configmaps', '-w'], { env: { ...process.env, HOME: work } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise((r) => setTimeout(r, 1000));
      ok('-n', 'devops', 'create', 'configmap', 'watched', '--from-literal=a=b');
      await eventually(() => /watched\s+1\s+/.test(out) || undefined, `kubectl get -w to print the new configmap (got: ${out})`);
      ok('-n', 'devops', 'patch', 'configmap', 'watched', '-p', '{"data":{"c":"d"}}');
      await eventually(() => /watched\s+2\s+/.test(out) || undefined, `kubectl get -w to print the change (got: ${out})`);
    } finally {
      child.kill();
    }
  });

  it('serves a CRD with printer columns and a scale subresource', () => {
    const crd = join(work, 'crd.yaml');
    writeFileSync(crd, `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: caches.test.ordinal.dev
spec:
  group: test.ordinal.dev
  scope: Namespaced
  names: {plural: caches, singular: cache, kind: Cache, shortNames: [ca]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    additionalPrinterColumns:
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Engine, type: string, jsonPath: .spec.engine}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              replicas: {type: integer, minimum: 0}
              engine: {type: string, enum: [redis, memcached]}
          status:
            type: object
            properties:
              replicas: {type: integer}
`);
    assert.match(ok('apply', '-f', crd), /customresourcedefinition\.apiextensions\.k8s\.io\/caches\.test\.ordinal\.dev created/);
    ok('wait', '--for', 'condition=established', 'crd/caches.test.ordinal.dev', '--timeout=10s');
    const cr = join(work, 'cr.yaml');
    writeFileSync(cr, 'apiVersion: test.ordinal.dev/v1\nkind: Cache\nmetadata:\n  name: c1\n  namespace: devops\nspec:\n  replicas: 2\n  engine: redis\n');
    assert.match(ok('apply', '-f', cr), /cache\.test\.ordinal\.dev\/c1 created/);
    assert.match(ok('-n', 'devops', 'get', 'ca'), /NAME\s+REPLICAS\s+ENGINE\nc1\s+2\s+redis/);
    assert.match(ok('-n', 'devops', 'scale', 'cache', 'c1', '--replicas=4'), /cache\.test\.ordinal\.dev\/c1 scaled/);
    assert.equal(JSON.parse(ok('-n', 'devops', 'get', 'cache', 'c1', '-o', 'json')).spec.replicas, 4);
    writeFileSync(cr, 'apiVersion: test.ordinal.dev/v1\nkind: Cache\nmetadata:\n  name: c2\n  namespace: devops\nspec:\n  replicas: 1\n  engine: mysql\n');
    const bad = kubectl('apply', '-f', cr);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /spec\.engine: Unsupported value: "mysql"/);
    assert.match(ok('explain', 'caches.spec'), /replicas/);
  });

  it('scales, lists api-resources and deletes', () => {
    assert.match(ok('-n', 'devops', 'scale', 'statefulset', 'redis', '--replicas=1'), /statefulset\.apps\/redis scaled/);
    assert.equal(JSON.parse(ok('-n', 'devops', 'get', 'sts', 'redis', '-o', 'json')).spec.replicas, 1);
    const resources = ok('api-resources');
    assert.match(resources, /statefulsets\s+sts\s+apps\/v1\s+true\s+StatefulSet/);
    assert.match(resources, /persistentvolumeclaims\s+pvc\s+v1\s+true\s+PersistentVolumeClaim/);
    assert.match(resources, /customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition/);
    assert.match(ok('-n', 'devops', 'delete', 'statefulset', 'redis'), /statefulset\.apps "redis" deleted/);
    const r = kubectl('-n', 'devops', 'get', 'statefulset', 'redis');
    assert.notEqual(r.code, 0);
    assert.match(r.err, /statefulsets\.apps "redis" not found/);
  });
});
