// The kubectl-like verbs of the real CLI against a real server process, over HTTPS.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { cliPath, startServerProcess, type ServerProcess } from './support/server-process.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let server: ServerProcess;
let dir: string;

/** Run `ordinal ARGS --data-dir DIR` (unless a kubeconfig is given), optionally with stdin. */
function ordinal(args: string[], input?: string): Promise<Run> {
  const conn = args.includes('--kubeconfig') ? [] : ['--data-dir', server.dataDir];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args, ...conn], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ORDINAL_HOME: '/nonexistent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await ordinal(args, input);
  assert.equal(r.code, 0, `ordinal ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

function redisManifest(replicas: number): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: redis
spec:
  serviceName: redis
  replicas: ${replicas}
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
    spec:
      containers:
      - name: redis
        image: redis:7
        ports:
        - containerPort: 6379
  volumeClaimTemplates:
  - metadata:
      name: redis-volume
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 5Gi
`;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

before(async () => {
  server = await startServerProcess();
  dir = mkdtempSync(join(tmpdir(), 'ordinal-cli-test-'));
});
after(async () => {
  await server?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ordinal CLI verbs', () => {
  const ns = ['-n', 'demo'];
  let redis2: string;

  it('creates a namespace', async () => {
    assert.equal(await ok(['create', 'namespace', 'demo']), 'namespace/demo created\n');
  });

  it('applies a StatefulSet manifest: created, then unchanged', async () => {
    redis2 = file('redis.yaml', redisManifest(2));
    assert.equal(await ok(['apply', '-f', redis2, ...ns]), 'statefulset.apps/redis created\n');
    assert.equal(await ok(['apply', '-f', redis2, ...ns]), 'statefulset.apps/redis unchanged\n');
  });

  it('gets a server-printed table', async () => {
    const lines = (await ok(['get', 'sts', ...ns])).trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME\s+READY\s+AGE$/);
    assert.match(lines[1]!, /^redis\s+\d+\/2\s+\d+[smhd]$/);
    const all = (await ok(['get', 'statefulsets.apps', '-A'])).split('\n');
    assert.match(all[0]!, /^NAMESPACE\s+NAME\s+READY\s+AGE$/);
    assert.match(all[1]!, /^demo\s+redis\s+/);
    const empty = await ordinal(['get', 'pods', '-n', 'default', '-l', 'app=none']);
    assert.equal(empty.code, 0);
    assert.equal(empty.stdout, '');
    assert.equal(empty.stderr, 'No resources found in default namespace.\n');
  });

  it('gets the object as yaml and json, and works with --kubeconfig', async () => {
    const obj = parse(await ok(['get', 'sts', 'redis', '-o', 'yaml', ...ns]));
    assert.equal(obj.kind, 'StatefulSet');
    assert.equal(obj.spec.replicas, 2);
    assert.equal(obj.spec.serviceName, 'redis');
    assert.equal(obj.spec.volumeClaimTemplates[0].metadata.name, 'redis-volume');
    assert.equal(obj.spec.volumeClaimTemplates[0].spec.resources.requests.storage, '5Gi');
    assert.equal(obj.spec.template.spec.containers[0].image, 'redis:7');
    assert.ok(obj.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    const list = JSON.parse(await ok(['get', 'sts', '-o', 'json', '--kubeconfig', server.kubeconfigPath, ...ns]));
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.items.map((i: { kind: string; metadata: { name: string } }) => `${i.kind}/${i.metadata.name}`), ['StatefulSet/redis']);
    assert.equal(await ok(['get', 'sts', '-o', 'name', ...ns]), 'statefulset.apps/redis\n');
  });

  it('re-applies an edited manifest: configured, then unchanged (also from stdin)', async () => {
    const redis3 = file('redis3.yaml', redisManifest(3));
    assert.equal(await ok(['apply', '-f', redis3, ...ns]), 'statefulset.apps/redis configured\n');
    assert.equal(JSON.parse(await ok(['get', 'sts', 'redis', '-o', 'json', ...ns])).spec.replicas, 3);
    assert.equal(await ok(['apply', '-f', redis3, ...ns]), 'statefulset.apps/redis unchanged\n');
    assert.equal(await ok(['apply', '-f', '-', ...ns], redisManifest(3)), 'statefulset.apps/redis unchanged\n');
  });

  it('describes the object', async () => {
    const out = await ok(['describe', 'sts', 'redis', ...ns]);
    assert.match(out, /^Name:\s+redis$/m);
    assert.match(out, /^Namespace:\s+demo$/m);
    assert.match(out, /^Labels:\s+<none>$/m);
    assert.match(out, /^Annotations:\s+<none>$/m, 'the last-applied annotation is not shown');
    assert.match(out, /^Kind:\s+StatefulSet$/m);
    assert.match(out, /^ {2}replicas:\s+3$/m);
    assert.match(out, /image:\s+redis:7/);
    assert.match(out, /^Events:/m);
  });

  it('scales through the scale subresource; the next apply puts the manifest count back', async () => {
    assert.equal(await ok(['scale', 'sts/redis', '--replicas', '1', ...ns]), 'statefulset.apps/redis scaled\n');
    assert.equal(JSON.parse(await ok(['get', 'sts', 'redis', '-o', 'json', ...ns])).spec.replicas, 1);
    assert.equal(await ok(['apply', '-f', join(dir, 'redis3.yaml'), ...ns]), 'statefulset.apps/redis configured\n');
    assert.equal(JSON.parse(await ok(['get', 'sts', 'redis', '-o', 'json', ...ns])).spec.replicas, 3);
  });

  it('never prints secret values unless asked', async () => {
    const value = 'hunter2-very-secret';
    const b64 = Buffer.from(value).toString('base64');
    assert.equal(await ok(['create', 'secret', 'generic', 'db', `--from-literal=password=${value}`, '--from-literal=user=admin', ...ns]), 'secret/db created\n');
    const secretFile = file('secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\nstringData:\n  token: ${value}\n`);
    assert.equal(await ok(['apply', '-f', secretFile, ...ns]), 'secret/applied created\n');
    const outputs = await Promise.all([
      ok(['get', 'secret', 'db', '-o', 'yaml', ...ns]),
      ok(['get', 'secret', 'db', '-o', 'json', ...ns]),
      ok(['get', 'secrets', '-o', 'yaml', ...ns]),
      ok(['get', 'secret', 'applied', '-o', 'yaml', ...ns]),
      ok(['get', 'secrets', ...ns]),
      ok(['describe', 'secret', 'db', ...ns]),
      ok(['describe', 'secrets', ...ns]),
    ]);
    for (const out of outputs) {
      assert.equal(out.includes(value) || out.includes(b64), false, `secret value leaked:\n${out}`);
    }
    assert.match(outputs[0]!, /password: "<redacted: 19 bytes>"/);
    assert.match(outputs[3]!, /last-applied-configuration[\s\S]*"token":"<redacted: 19 bytes>"/);
    assert.match(outputs[5]!, /^password:\s+19 bytes$/m);
    assert.match(outputs[5]!, /^user:\s+5 bytes$/m);
    assert.equal(JSON.parse(await ok(['get', 'secret', 'db', '-o', 'json', '--show-secrets', ...ns])).data.password, b64);
    const again = await ordinal(['create', 'secret', 'generic', 'db', `--from-literal=password=${value}`, ...ns]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'Error from server (AlreadyExists): secrets "db" already exists\n');
  });

  it('watches: prints the table, then each change', async () => {
    const child = spawn(process.execPath, [cliPath, 'get', 'configmaps', '-w', ...ns, '--data-dir', server.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (re: RegExp): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (!re.test(out)) {
        if (Date.now() > deadline) throw new Error(`no ${re} in watch output:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await until(/^NAME\s+DATA\s+AGE$/m);
      await ok(['create', '-f', '-', ...ns], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\ndata:\n  a: b\n');
      await until(/^watched\s+1\s+\d+s$/m);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('reports errors like kubectl and sends nothing on bad input', async () => {
    const missing = await ordinal(['get', 'pods', 'nope', ...ns]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'Error from server (NotFound): pods "nope" not found\n');
    const unknown = await ordinal(['get', 'foo']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'error: the server doesn\'t have a resource type "foo"\n');
    const dup = await ordinal(['create', '-f', redis2, ...ns]);
    assert.equal(dup.code, 1);
    assert.equal(dup.stderr, `Error from server (AlreadyExists): error when creating "${redis2}": statefulsets.apps "redis" already exists\n`);
    const bad = file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first-doc\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: sekrit-value: x\n');
    const syntax = await ordinal(['apply', '-f', bad, ...ns]);
    assert.equal(syntax.code, 1);
    assert.match(syntax.stderr, /^error: error parsing .*bad\.yaml: .*\(line 11, column \d+\)\n$/);
    assert.equal(syntax.stderr.includes('sekrit'), false);
    const nothing = await ordinal(['get', 'configmap', 'first-doc', ...ns]);
    assert.equal(nothing.stderr, 'Error from server (NotFound): configmaps "first-doc" not found\n', 'nothing was sent');
    const absent = await ordinal(['apply', '-f', join(dir, 'absent.yaml')]);
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /^error: the path ".*absent\.yaml" does not exist\n$/);
    const noKind = await ordinal(['apply', '-f', file('crd.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n'), ...ns]);
    assert.equal(noKind.code, 1);
    assert.match(noKind.stderr, /no matches for kind "Widget" in version "example.com\/v1"/);
  });

  it('deletes and waits until the object is gone', async () => {
    assert.equal(await ok(['delete', 'statefulset', 'redis', ...ns]), 'statefulset.apps "redis" deleted\n');
    const gone = await ordinal(['get', 'sts', 'redis', ...ns]);
    assert.equal(gone.stderr, 'Error from server (NotFound): statefulsets.apps "redis" not found\n');
    assert.equal(await ok(['delete', 'secret/db', 'secret/applied', '--wait=false', ...ns]), 'secret "db" deleted\nsecret "applied" deleted\n');
    const again = await ordinal(['delete', 'sts', 'redis', ...ns]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'Error from server (NotFound): statefulsets.apps "redis" not found\n');
    assert.equal((await ordinal(['delete', 'sts', 'redis', '--ignore-not-found', ...ns])).code, 0);
  });
});
