import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, readdir, rm, stat, lstat, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { isPodInputError, type PodInputError } from '../env/index.js';
import { b64, FakePodInputSource } from '../env/test-source.test-util.js';
import { prepareVolumes, refreshVolumes } from './prepare-volumes.js';

let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'ordinal-h-e-vol-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function podDir(): Promise<string> {
  const dir = join(root, `pod-${n++}`);
  await mkdir(dir);
  return dir;
}

function pod(volumes: KubeObject[], containers: KubeObject[] = [{ name: 'app', resources: { limits: { memory: '64Mi' } } }]): KubeObject {
  return { metadata: { name: 'web-0', namespace: 'shop', uid: 'u1', labels: { app: 'web' } }, spec: { volumes, containers } };
}

function source(): FakePodInputSource {
  return new FakePodInputSource()
    .add('configmap', { metadata: { name: 'cfg', namespace: 'shop' }, data: { 'app.conf': 'port=1\n', other: 'o' }, binaryData: { 'blob.bin': Buffer.from([0, 1, 2]).toString('base64') } })
    .add('secret', { metadata: { name: 'creds', namespace: 'shop' }, data: { password: b64('pw'), token: b64('tk') } });
}

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o7777;

async function rejectsWith(p: Promise<unknown>, message: string | RegExp, reason = 'FailedMount'): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isPodInputError(e), String(e));
    assert.equal((e as PodInputError).reason, reason);
    if (typeof message === 'string') assert.equal((e as Error).message, message);
    else assert.match((e as Error).message, message);
    return true;
  });
}

describe('prepareVolumes', () => {
  it('makes emptyDir a 0777 directory under a 0700 type directory', async () => {
    const dir = await podDir();
    const vols = await prepareVolumes(pod([{ name: 'scratch', emptyDir: {} }, { name: 'mem', emptyDir: { medium: 'Memory' } }]), dir, source());
    assert.deepEqual(vols.get('scratch'), { hostPath: join(dir, 'volumes/empty-dir/scratch'), readOnly: false });
    assert.equal(await mode(join(dir, 'volumes/empty-dir/scratch')), 0o777);
    assert.equal(await mode(join(dir, 'volumes/empty-dir')), 0o700);
    assert.ok((await stat(vols.get('mem')!.hostPath)).isDirectory());
  });

  it('projects a configMap: all keys with defaultMode, or items with paths and modes, in the ..data layout', async () => {
    const dir = await podDir();
    const vols = await prepareVolumes(pod([
      { name: 'all', configMap: { name: 'cfg' } },
      { name: 'some', configMap: { name: 'cfg', defaultMode: 0o600, items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o440 }, { key: 'other', path: 'o.txt' }] } },
      { name: 'opt', configMap: { name: 'missing', optional: true } },
    ]), dir, source());
    const all = vols.get('all')!;
    assert.equal(all.readOnly, true);
    assert.equal(await readFile(join(all.hostPath, 'app.conf'), 'utf8'), 'port=1\n');
    assert.deepEqual([...(await readFile(join(all.hostPath, 'blob.bin')))], [0, 1, 2]);
    assert.equal(await mode(join(all.hostPath, 'other')), 0o644);
    assert.equal(await readlink(join(all.hostPath, 'other')), '..data/other');
    assert.match(await readlink(join(all.hostPath, '..data')), /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.[0-9a-f]+$/);
    const some = vols.get('some')!.hostPath;
    assert.deepEqual((await readdir(some)).filter((e) => !e.startsWith('..')).sort(), ['conf', 'o.txt']);
    assert.equal(await mode(join(some, 'conf/app.conf')), 0o440);
    assert.equal(await mode(join(some, 'o.txt')), 0o600);
    assert.deepEqual((await readdir(vols.get('opt')!.hostPath)).filter((e) => !e.startsWith('..')), []);
  });

  it('projects a secret decoded, 0644 by default, item modes applied, under a 0700 directory', async () => {
    const dir = await podDir();
    const vols = await prepareVolumes(pod([{ name: 's', secret: { secretName: 'creds', items: [{ key: 'password', path: 'pw', mode: 0o400 }, { key: 'token', path: 'tk' }] } }]), dir, source());
    const s = vols.get('s')!.hostPath;
    assert.equal(await readFile(join(s, 'pw'), 'utf8'), 'pw');
    assert.equal(await mode(join(s, 'pw')), 0o400);
    assert.equal(await mode(join(s, 'tk')), 0o644);
    assert.equal(await mode(join(dir, 'volumes/secret')), 0o700);
  });

  it('fails FailedMount with the kubelet messages', async () => {
    const dir = await podDir();
    await rejectsWith(prepareVolumes(pod([{ name: 'c', configMap: { name: 'nope' } }]), dir, source()), 'MountVolume.SetUp failed for volume "c" : configmap "nope" not found');
    await rejectsWith(prepareVolumes(pod([{ name: 's', secret: { secretName: 'nope' } }]), dir, source()), 'MountVolume.SetUp failed for volume "s" : secret "nope" not found');
    await rejectsWith(prepareVolumes(pod([{ name: 'c', configMap: { name: 'cfg', items: [{ key: 'k', path: 'k' }] } }]), dir, source()), 'MountVolume.SetUp failed for volume "c" : configmap references non-existent config key: k');
    await rejectsWith(prepareVolumes(pod([{ name: 's', secret: { secretName: 'creds', items: [{ key: 'k', path: 'k' }] } }]), dir, source()), 'MountVolume.SetUp failed for volume "s" : references non-existent secret key: k');
    await rejectsWith(prepareVolumes(pod([{ name: 'n', nfs: { server: 'x', path: '/' } }]), dir, source()), 'MountVolume.SetUp failed for volume "n" : volume source nfs is not supported on this node');
  });

  it('writes downwardAPI and projected volumes, skipping serviceAccountToken with a warning', async () => {
    const dir = await podDir();
    const warnings: string[] = [];
    const vols = await prepareVolumes(pod([
      { name: 'd', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' }, mode: 0o400 }] } },
      { name: 'p', projected: { defaultMode: 0o640, sources: [
        { configMap: { name: 'cfg', items: [{ key: 'other', path: 'cfg/other' }] } },
        { secret: { name: 'creds', items: [{ key: 'token', path: 'sec/token' }] } },
        { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
        { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      ] } },
    ]), dir, source(), {}, { warn: (r, m) => warnings.push(`${r}: ${m}`) });
    const d = vols.get('d')!.hostPath;
    assert.equal(await readFile(join(d, 'labels'), 'utf8'), 'app="web"');
    assert.equal(await readFile(join(d, 'mem'), 'utf8'), '64');
    assert.equal(await mode(join(d, 'mem')), 0o400);
    const p = vols.get('p')!.hostPath;
    assert.equal(await readFile(join(p, 'cfg/other'), 'utf8'), 'o');
    assert.equal(await readFile(join(p, 'sec/token'), 'utf8'), 'tk');
    assert.equal(await readFile(join(p, 'name'), 'utf8'), 'web-0');
    assert.equal(await mode(join(p, 'name')), 0o640);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /serviceAccountToken \(path "token"\) skipped/);
  });

  it('checks hostPath types like the kubelet', async () => {
    const dir = await podDir();
    const host = join(dir, 'host');
    await mkdir(host);
    await writeFile(join(host, 'file'), 'x');
    const sock = join(host, 'sock');
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const vols = await prepareVolumes(pod([
        { name: 'a', hostPath: { path: join(host, 'made/deep'), type: 'DirectoryOrCreate' } },
        { name: 'b', hostPath: { path: join(host, 'newfile'), type: 'FileOrCreate' } },
        { name: 'c', hostPath: { path: sock, type: 'Socket' } },
        { name: 'd', hostPath: { path: '/dev/null', type: 'CharDevice' } },
        { name: 'e', hostPath: { path: join(host, 'untyped') } },
        { name: 'f', hostPath: { path: join(host, 'file'), type: 'File' } },
      ]), dir, source());
      assert.equal(vols.get('a')!.hostPath, join(host, 'made/deep'));
      assert.ok((await stat(join(host, 'made/deep'))).isDirectory());
      assert.ok((await stat(join(host, 'newfile'))).isFile());
      assert.equal(await mode(join(host, 'newfile')), 0o644 & ~process.umask());
      assert.ok((await stat(join(host, 'untyped'))).isDirectory());
    } finally {
      server.close();
    }
    const bad = async (path: string, type: string, message: string): Promise<void> =>
      rejectsWith(prepareVolumes(pod([{ name: 'h', hostPath: { path, type } }]), dir, source()), `MountVolume.SetUp failed for volume "h" : ${message}`);
    await bad(join(host, 'absent'), 'Directory', `hostPath type check failed: ${join(host, 'absent')} is not a directory`);
    await bad(join(host, 'file'), 'Directory', `hostPath type check failed: ${join(host, 'file')} is not a directory`);
    await bad(host, 'File', `hostPath type check failed: ${host} is not a file`);
    await bad(join(host, 'file'), 'Socket', `hostPath type check failed: ${join(host, 'file')} is not a socket file`);
    await bad(join(host, 'file'), 'CharDevice', `hostPath type check failed: ${join(host, 'file')} is not a character device`);
    await bad('/dev/null', 'BlockDevice', 'hostPath type check failed: /dev/null is not a block device');
    await bad(join(host, 'no/parent'), 'FileOrCreate', `open ${join(host, 'no/parent')}: no such file or directory`);
    await bad(host, 'Weird', 'Weird is an invalid volume type');
  });

  it('mounts a Bound claim\'s local or hostPath PV and refuses other claims', async () => {
    const dir = await podDir();
    const data = join(dir, 'pv-data');
    await mkdir(data);
    const src = source()
      .add('pvc', { metadata: { name: 'data-web-0', namespace: 'shop' }, spec: { volumeName: 'pv-1' }, status: { phase: 'Bound' } })
      .add('pv', { metadata: { name: 'pv-1' }, spec: { local: { path: data }, capacity: { storage: '1Gi' } } })
      .add('pvc', { metadata: { name: 'hp', namespace: 'shop' }, spec: { volumeName: 'pv-2' }, status: { phase: 'Bound' } })
      .add('pv', { metadata: { name: 'pv-2' }, spec: { hostPath: { path: join(dir, 'hp-data'), type: 'DirectoryOrCreate' } } })
      .add('pvc', { metadata: { name: 'pending', namespace: 'shop' }, spec: {}, status: { phase: 'Pending' } })
      .add('pvc', { metadata: { name: 'nfs', namespace: 'shop' }, spec: { volumeName: 'pv-3' }, status: { phase: 'Bound' } })
      .add('pv', { metadata: { name: 'pv-3' }, spec: { nfs: { server: 's', path: '/x' }, accessModes: ['ReadWriteMany'] } })
      .add('pvc', { metadata: { name: 'web-0-eph', namespace: 'shop' }, spec: { volumeName: 'pv-1' }, status: { phase: 'Bound' } });
    const vols = await prepareVolumes(pod([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } },
      { name: 'ro', persistentVolumeClaim: { claimName: 'hp', readOnly: true } },
      { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: {} } } },
    ]), dir, src);
    assert.deepEqual(vols.get('data'), { hostPath: data, readOnly: false });
    assert.deepEqual(vols.get('ro'), { hostPath: join(dir, 'hp-data'), readOnly: true });
    assert.deepEqual(vols.get('eph'), { hostPath: data, readOnly: false });
    const claim = (name: string): Promise<unknown> => prepareVolumes(pod([{ name: 'v', persistentVolumeClaim: { claimName: name } }]), dir, src);
    await rejectsWith(claim('gone'), 'MountVolume.SetUp failed for volume "v" : persistentvolumeclaim "gone" not found');
    await rejectsWith(claim('pending'), 'MountVolume.SetUp failed for volume "v" : persistentvolumeclaim "pending" is not bound');
    await rejectsWith(claim('nfs'), /persistentvolume "pv-3" has a volume source \(nfs\) that is not supported on this node/);
  });
});

describe('refreshVolumes', () => {
  it('republishes changed content atomically, leaves unchanged volumes alone, keeps files when the source is gone', async () => {
    const dir = await podDir();
    const src = source();
    const p = pod([{ name: 'c', configMap: { name: 'cfg' } }, { name: 's', secret: { secretName: 'creds' } }, { name: 'e', emptyDir: {} }]);
    const vols = await prepareVolumes(p, dir, src);
    const c = vols.get('c')!.hostPath;
    const before = await readlink(join(c, '..data'));
    assert.deepEqual(await refreshVolumes(p, dir, src), { changed: [], failures: [] });
    assert.equal(await readlink(join(c, '..data')), before);

    src.add('configmap', { metadata: { name: 'cfg', namespace: 'shop' }, data: { 'app.conf': 'port=2\n', added: 'new' } });
    assert.deepEqual(await refreshVolumes(p, dir, src), { changed: ['c'], failures: [] });
    assert.notEqual(await readlink(join(c, '..data')), before);
    assert.equal(await readFile(join(c, 'app.conf'), 'utf8'), 'port=2\n');
    assert.equal(await readFile(join(c, 'added'), 'utf8'), 'new');
    await assert.rejects(lstat(join(c, 'other')));
    const entries = (await readdir(c)).sort();
    assert.deepEqual(entries.filter((e) => e.startsWith('..')).length, 2, entries.join(','));

    src.objects.delete('configmap/shop/cfg');
    const r = await refreshVolumes(p, dir, src);
    assert.deepEqual(r.changed, []);
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]!.error.message, 'MountVolume.SetUp failed for volume "c" : configmap "cfg" not found');
    assert.equal(await readFile(join(c, 'app.conf'), 'utf8'), 'port=2\n');
  });
});
