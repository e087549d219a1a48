// `ordinal ceph dev up|down|status` and `ordinal ceph connect` through the real CLI (bin/ordinal),
// on a temp data dir and ports of this test's own: a real bluestore dev cluster, real rbd images.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { CephCli } from '../src/storage/ceph-rbd/ceph-cli.js';
import { adminTarget, readCephClusterRecord, type CephClusterRecord } from '../src/storage/ceph-rbd/cluster-record.js';
import { isPidAlive } from '../src/storage/ceph-rbd/daemon-process.js';
import { devClusterDown } from '../src/storage/ceph-rbd/dev-cluster.js';
import { newCephKey } from '../src/storage/ceph-rbd/dev-cluster-keys.js';
import { removeOnExit } from './support/ceph.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const bin = fileURLToPath(new URL('../../bin/ordinal', import.meta.url));
const run = promisify(execFile);

interface Result {
  code: number;
  out: string;
  err: string;
}

function ordinal(args: string[], dataDir: string, timeoutMs = 120_000): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

const ok = (r: Result, what: string): Result => {
  assert.equal(r.code, 0, `${what} exited ${r.code}:\n${r.out}\n${r.err}`);
  return r;
};

/** `mon.a pid 123, mgr.x pid 456, osd.0 pid 789` from the daemons line. */
const pidsIn = (out: string): number[] => [...(/daemons:(.*)/.exec(out)?.[1] ?? '').matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
const keyOf = (keyringPath: string): string => /key = (\S+)/.exec(readFileSync(keyringPath, 'utf8'))![1]!;

describe('ordinal ceph dev and connect', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ordinal-ceph-dev-test-'));
  const devDir = join(dataDir, 'ceph', 'dev');
  const forget = removeOnExit(devDir);
  // ports of this test's own, apart from a user's dev cluster (6789/3300) and test/support/ceph.ts (20000-39999)
  const monPort = 40000 + 2 * Math.floor(Math.random() * 4000);
  const cli = new CephCli();
  const payload = `ordinal ceph dev test ${randomBytes(8).toString('hex')}\n`;
  const scratch = mkdtempSync(join(tmpdir(), 'ordinal-ceph-dev-scratch-'));
  let rec: CephClusterRecord;
  let pids: number[] = [];

  before(() => writeFileSync(join(scratch, 'payload'), payload));

  after(async () => {
    await devClusterDown({ dir: devDir, purge: true }).catch(() => undefined);
    forget();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('dev up makes a bluestore cluster; a second up changes nothing (exit 0, same fsid, same pids)', async () => {
    const first = ok(await ordinal(['ceph', 'dev', 'up', '--mon-port', String(monPort), '--mon-v2-port', String(monPort + 1)], dataDir), 'dev up');
    assert.match(first.out, /made and started in [\d.]+ s/);
    rec = readCephClusterRecord(dataDir)!;
    assert.ok(rec, 'cluster.json recorded');
    assert.equal(rec.dev, true);
    assert.equal(rec.adminUser, 'admin');
    assert.deepEqual(rec.monitors, [`127.0.0.1:${monPort + 1}`]);
    assert.match(readFileSync(rec.confPath, 'utf8'), new RegExp(`mon host = \\[v2:127\\.0\\.0\\.1:${monPort + 1},v1:127\\.0\\.0\\.1:${monPort}\\]`));
    assert.match(first.out, new RegExp(`fsid: +${rec.clusterID}`));
    assert.match(first.out, /ordinal ceph prepare --pool kube --user kube --namespace/);
    for (const f of [join(dataDir, 'ceph', 'cluster.json'), rec.adminKeyringPath, join(devDir, 'keys', 'ceph.mon.a.keyring')]) assert.equal(statSync(f).mode & 0o777, 0o600, f);
    assert.ok(!first.out.includes(keyOf(rec.adminKeyringPath)) && !first.err.includes(keyOf(rec.adminKeyringPath)), 'the key is never printed');
    pids = pidsIn(first.out);
    assert.equal(pids.length, 3);

    const second = ok(await ordinal(['ceph', 'dev', 'up'], dataDir), 'second dev up');
    assert.match(second.out, /already running/);
    assert.equal(readCephClusterRecord(dataDir)?.clusterID, rec.clusterID);
    assert.deepEqual(pidsIn(second.out), pids);
    const other = await ordinal(['ceph', 'dev', 'up', '--objectstore', 'memstore'], dataDir);
    assert.equal(other.code, 1);
    assert.match(other.err, /was made with objectstore bluestore/);
  });

  it('dev status shows it running, with Ceph health', async () => {
    const s = ok(await ordinal(['ceph', 'dev', 'status'], dataDir), 'dev status');
    assert.match(s.out, /Ceph dev cluster: running/);
    assert.match(s.out, /health: +HEALTH_OK; OSDs 1 up, 1 in/);
    assert.deepEqual(pidsIn(s.out), pids);
  });

  it('rbd works with the admin keyring, through the recorded target and through the conf', async () => {
    const admin = adminTarget(rec);
    await cli.ceph(admin, ['osd', 'pool', 'create', 'kube', '8']);
    await cli.rbd(admin, ['pool', 'init', 'kube']);
    await cli.rbd(admin, ['create', 'kube/img', '--size', '64', '--image-feature', 'layering']);
    await cli.rbd(admin, ['import', join(scratch, 'payload'), 'kube/data']);
    // a user's own `rbd -c CONF`: the conf names the admin keyring
    const { stdout } = await run('rbd', ['-c', rec.confPath, 'ls', 'kube', '--format', 'json']);
    assert.deepEqual((JSON.parse(stdout) as string[]).sort(), ['data', 'img']);
  });

  it("down stops the daemons by pid; up starts them again on the kept data (the image's content survives)", async () => {
    const down = ok(await ordinal(['ceph', 'dev', 'down'], dataDir), 'dev down');
    assert.match(down.out, /osd\.0: stopped/);
    assert.match(down.out, /data kept/);
    for (const pid of pids) assert.equal(isPidAlive(pid), false, `pid ${pid} is gone`);
    const status = await ordinal(['ceph', 'dev', 'status'], dataDir);
    assert.equal(status.code, 3);
    assert.match(status.out, /stopped/);

    const up = ok(await ordinal(['ceph', 'dev', 'up'], dataDir), 'dev up again');
    assert.match(up.out, /started again \(mon\.a, mgr\.x, osd\.0\) in [\d.]+ s, data kept/);
    assert.equal(readCephClusterRecord(dataDir)?.clusterID, rec.clusterID);
    pids = pidsIn(up.out);
    const out = join(scratch, 'exported');
    await cli.rbd(adminTarget(rec), ['export', 'kube/data', out]);
    assert.equal(readFileSync(out, 'utf8'), payload);
    assert.deepEqual((await cli.rbdJson<string[]>(adminTarget(rec), ['ls', 'kube'])).sort(), ['data', 'img']);
    assert.match(ok(await ordinal(['ceph', 'dev', 'status'], dataDir), 'dev status').out, /pools: +kube\n/);
  });

  describe('connect', () => {
    let server: ServerProcess;
    let client: KubeClient;
    before(async () => {
      server = await startServerProcess();
      client = await KubeClient.fromFile(server.kubeconfigPath);
    });
    after(async () => {
      client?.close();
      await server?.cleanup();
    });

    it('records an existing cluster and publishes ceph-csi-config when a server runs', async () => {
      const r = ok(await ordinal(['ceph', 'connect', '--conf', rec.confPath, '--keyring', rec.adminKeyringPath], server.dataDir), 'connect');
      assert.match(r.out, new RegExp(`connected to Ceph cluster ${rec.clusterID}`));
      assert.match(r.out, /health: +HEALTH_OK/);
      const got = readCephClusterRecord(server.dataDir)!;
      assert.deepEqual({ ...got, adminKeyringPath: '' }, { clusterID: rec.clusterID, monitors: rec.monitors, confPath: rec.confPath, adminKeyringPath: '', adminUser: 'admin', dev: false });
      assert.equal(statSync(got.adminKeyringPath).mode & 0o777, 0o600);
      assert.equal(keyOf(got.adminKeyringPath), keyOf(rec.adminKeyringPath));
      assert.ok(!r.out.includes(keyOf(rec.adminKeyringPath)), 'the key is never printed');
      assert.match(r.out, /configmap\/ceph-csi-config -n kube-system: created/);
      const map = await client.request<Record<string, any>>('GET', '/api/v1/namespaces/kube-system/configmaps/ceph-csi-config'); // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.deepEqual(JSON.parse(map['data']['config.json']), [{ clusterID: rec.clusterID, monitors: rec.monitors }]);
      await cli.rbd(adminTarget(got), ['info', 'kube/img']);
    });

    it("refuses a wrong key with Ceph's message and records nothing", async () => {
      const wrongDir = mkdtempSync(join(tmpdir(), 'ordinal-ceph-dev-wrong-'));
      try {
        const wrong = newCephKey();
        const keyring = join(scratch, 'wrong.keyring');
        writeFileSync(keyring, `[client.admin]\n\tkey = ${wrong}\n`, { mode: 0o600 });
        const r = await ordinal(['ceph', 'connect', '--conf', rec.confPath, '--keyring', keyring], wrongDir);
        assert.equal(r.code, 1, r.out + r.err);
        assert.match(r.err, /refused client\.admin's key/);
        assert.match(r.err, /handle_auth_bad_method|Permission denied|error connecting to the cluster/);
        assert.ok(!r.err.includes(wrong) && !r.out.includes(wrong), 'the key is never printed');
        assert.equal(existsSync(join(wrongDir, 'ceph', 'cluster.json')), false);
      } finally {
        rmSync(wrongDir, { recursive: true, force: true });
      }
    });
  });

  it('down --purge removes the data and the record', async () => {
    const r = ok(await ordinal(['ceph', 'dev', 'down', '--purge'], dataDir), 'dev down --purge');
    assert.match(r.out, /removed /);
    for (const pid of pids) assert.equal(isPidAlive(pid), false, `pid ${pid} is gone`);
    assert.equal(existsSync(devDir), false);
    assert.equal(readCephClusterRecord(dataDir), undefined);
    const s = await ordinal(['ceph', 'dev', 'status'], dataDir);
    assert.equal(s.code, 3);
    assert.match(s.out, /no dev cluster/);
  });
});
