// `ordinal ceph connect` + `ordinal ceph prepare` against a real one-node Ceph and a real server:
// the pool, the cephx user with profile rbd, the Secrets in both shapes, ceph-csi's cluster map
// and a StorageClass; idempotent; the key never printed. A user made with the seeds' caps
// (mon 'allow r') is told what is missing, and can really not blocklist until --update-caps.
// And `ordinal up` of files that use RBD with no Ceph configured says so before applying.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { isCephCommandError } from '../src/storage/ceph-rbd/index.js';
import { startTestCeph, type TestCeph } from './support/ceph.js';
import { runOrdinal, startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
let ceph: TestCeph;
let server: ServerProcess;
let client: KubeClient;

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const get = (path: string): Promise<Obj> => client.request<Obj>('GET', path);
const show = (r: { code: number; out: string; err: string }): string => `exit ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`;

before(async () => {
  ceph = await startTestCeph();
  server = await startServerProcess();
  client = await KubeClient.fromFile(server.kubeconfigPath);
});

after(async () => {
  client?.close();
  await server?.cleanup();
  await ceph?.stop();
});

describe('ordinal ceph prepare', () => {
  it('up refuses files that use RBD while no Ceph is configured, and applies nothing', async () => {
    const r = await runOrdinal(server, ['up', '-f', join(examples, 'seed-000', 'storage-class.yaml'), '--timeout', '30s']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.err, /these files use Ceph RBD, but no Ceph cluster is configured/, show(r));
    assert.match(r.err, /StorageClass default \(kubernetes\.io\/rbd\)/, show(r));
    assert.match(r.err, /ordinal ceph dev up/, show(r));
    assert.equal(await client.getIfExists('/apis/storage.k8s.io/v1/storageclasses/default'), undefined);
  });

  it('prepare without a cluster says how to get one', async () => {
    const r = await runOrdinal(server, ['ceph', 'prepare', '--kubeconfig', server.kubeconfigPath]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.err, /no Ceph cluster is configured/, show(r));
  });

  it('connect records the cluster; prepare makes pool, user, Secrets, cluster map and class; again it changes nothing', async () => {
    const c = await runOrdinal(server, ['ceph', 'connect', '--conf', ceph.confPath, '--keyring', ceph.adminKeyringPath]);
    assert.equal(c.code, 0, show(c));
    const args = ['ceph', 'prepare', '--pool', 'kube', '--user', 'kube', '--namespace', 'devops', '--kubeconfig', server.kubeconfigPath];
    const r = await runOrdinal(server, args);
    assert.equal(r.code, 0, show(r));
    assert.match(r.out, /pool kube: created \(rbd pool init\)/, show(r));
    assert.match(r.out, /cephx user client\.kube: created \(mon 'profile rbd' osd 'profile rbd pool=kube' mgr 'profile rbd pool=kube'\)/, show(r));
    const key = (await ceph.cli.cephJson<{ key: string }>(ceph.admin, ['auth', 'get-key', 'client.kube'])).key;
    assert.ok(!r.out.includes(key) && !r.err.includes(key), 'the key is never printed');

    const admin = await get('/api/v1/namespaces/kube-system/secrets/ceph-secret');
    assert.equal(admin['type'], 'kubernetes.io/rbd');
    assert.equal(admin['data'].key, b64(key));
    const user = await get('/api/v1/namespaces/devops/secrets/ceph-secret-user');
    assert.equal(user['data'].key, b64(key));
    const csi = await get('/api/v1/namespaces/kube-system/secrets/csi-rbd-secret');
    assert.deepEqual(csi['data'], { userID: b64('kube'), userKey: b64(key) });
    const map = await get('/api/v1/namespaces/kube-system/configmaps/ceph-csi-config');
    assert.deepEqual(JSON.parse(map['data']['config.json']), [{ clusterID: ceph.fsid, monitors: ceph.monitors }]);
    const sc = await get('/apis/storage.k8s.io/v1/storageclasses/ceph-rbd');
    assert.equal(sc['provisioner'], 'rbd.csi.ceph.com');
    assert.equal(sc['parameters'].clusterID, ceph.fsid);
    assert.equal(sc['parameters'].pool, 'kube');
    const pools = await ceph.cli.cephJson<Array<{ pool_name: string; application_metadata: Obj }>>(ceph.admin, ['osd', 'pool', 'ls', 'detail']);
    assert.ok(pools.find((p) => p.pool_name === 'kube')?.application_metadata['rbd'] !== undefined, 'pool kube is initialised for rbd');

    const again = await runOrdinal(server, args);
    assert.equal(again.code, 0, show(again));
    assert.match(again.out, /pool kube: exists\n/, show(again));
    assert.match(again.out, /cephx user client\.kube: exists/, show(again));
    assert.match(again.out, /secret\/ceph-secret -n kube-system \(kubernetes\.io\/rbd\): unchanged/, show(again));
    assert.match(again.out, /storageclass\/ceph-rbd .*: exists/, show(again));
  });

  it("a user with the seeds' caps is told what breaks, and can blocklist only after --update-caps", async () => {
    await ceph.cli.ceph(ceph.admin, ['auth', 'get-or-create', 'client.legacy', 'mon', 'allow r', 'osd', 'allow rwx pool=kube']);
    const args = ['ceph', 'prepare', '--pool', 'kube', '--user', 'legacy', '--namespace', 'devops', '--user-secret', 'legacy-secret', '--admin-secret', 'legacy-admin', '--csi-secret', 'legacy-csi', '--no-storage-class', '--kubeconfig', server.kubeconfigPath];
    const r = await runOrdinal(server, args);
    assert.equal(r.code, 0, show(r));
    assert.match(r.out, /client\.legacy lacks caps/, show(r));
    assert.match(r.out, /mon: has 'allow r', needs 'profile rbd' - without it cannot blocklist a dead client/, show(r));
    assert.match(r.out, /mgr: has '\(none\)', needs 'profile rbd pool=kube'/, show(r));
    assert.doesNotMatch(r.out, /osd: has/, show(r));

    const key = (await ceph.cli.cephJson<{ key: string }>(ceph.admin, ['auth', 'get-key', 'client.legacy'])).key;
    const legacy = { cluster: { monitors: ceph.monitors }, credentials: { user: 'legacy', key } };
    const victim = '127.0.0.1:0/4242';
    await assert.rejects(ceph.cli.ceph(legacy, ['osd', 'blocklist', 'add', victim]), (e: unknown) => isCephCommandError(e) && /Permission denied|access denied/i.test(e.message));

    const fixed = await runOrdinal(server, [...args, '--update-caps']);
    assert.equal(fixed.code, 0, show(fixed));
    assert.match(fixed.out, /cephx user client\.legacy: updated \(mon 'allow r, profile rbd' osd 'allow rwx pool=kube' mgr 'profile rbd pool=kube'\)/, show(fixed));
    await ceph.cli.ceph(legacy, ['osd', 'blocklist', 'add', victim]);
    // pacific prints two JSON arrays here (addresses, then ranges)
    const list = await ceph.cli.ceph(ceph.admin, ['osd', 'blocklist', 'ls', '--format', 'json']);
    assert.ok(list.includes(`"addr":"${victim}"`), list);
    await ceph.cli.ceph(ceph.admin, ['osd', 'blocklist', 'rm', victim]);
  });

  it('bad input is refused before anything is made', async () => {
    const r = await runOrdinal(server, ['ceph', 'prepare', '--user', 'client.kube', '--kubeconfig', server.kubeconfigPath]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.err, /--user takes the name without "client\."/, show(r));
    const p = await runOrdinal(server, ['ceph', 'prepare', '--provisioner', 'nfs', '--kubeconfig', server.kubeconfigPath]);
    assert.match(p.err, /--provisioner must be csi/, show(p));
  });
});
