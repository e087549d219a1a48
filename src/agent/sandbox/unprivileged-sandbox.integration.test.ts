/**
 * BwrapContainerSandbox({ unprivileged: true }) for real, in a child node process that runs as
 * nobody (setpriv): the container gets its hostname, is PID 1, sees a bind mount, and exec enters it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const NOBODY = 65534;

function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root to switch to an unprivileged user (setpriv)';
  for (const tool of ['bwrap', 'nsenter', 'setpriv']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  const probe = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'bwrap', '--unshare-user', '--ro-bind', '/', '/', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `unprivileged user namespaces are disabled here: ${probe.stderr.trim()}`;
  return false;
}

/** Runs in the child as nobody: start, read the log, exec, stop; prints one JSON line. */
const childScript = (sandboxModule: string, dir: string): string => `
import { readFileSync } from 'node:fs';
const { BwrapContainerSandbox } = await import(${JSON.stringify(sandboxModule)});
const dir = ${JSON.stringify(dir)};
const sandbox = new BwrapContainerSandbox({ unprivileged: true });
const env = { PATH: '/usr/bin:/bin' };
const c = await sandbox.start({
  id: 'unpriv-1', netns: '', hostname: 'web-0', env, workingDir: '/data',
  command: ['sh', '-c', 'echo "host=$(hostname) pid=$$ uid=$(id -u) in=$(cat in.txt)"; echo written > /data/out.txt; exec sleep 60'],
  mounts: [{ hostPath: dir + '/data', containerPath: '/data', readOnly: false }],
  rootDir: dir + '/root', logPath: dir + '/log',
});
const hostUid = /^Uid:\\s+(\\d+)/m.exec(readFileSync('/proc/' + c.pid + '/status', 'utf8'))[1];
let log = '';
for (let i = 0; i < 200 && !log.includes('in='); i++) { await new Promise((r) => setTimeout(r, 25)); log = readFileSync(dir + '/log', 'utf8'); }
const p = sandbox.exec(c, { command: ['sh', '-c', 'echo "exec host=$(hostname) uid=$(id -u) pid1=$(cat /proc/1/comm) cwd=$(pwd)"'], env, workingDir: '/data', tty: false });
let out = '', err = '';
p.stdout.on('data', (d) => (out += d));
p.stderr?.on('data', (d) => (err += d));
const { exitCode } = await p.exited;
const exit = await sandbox.stop(c, 300);
console.log(JSON.stringify({ log, hostUid, exec: { out, err, exitCode }, exit }));
`;

describe('BwrapContainerSandbox without root', { skip: skipReason() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'h-G-unpriv-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a container as nobody: hostname, PID 1, a bind mount, exec', () => {
    for (const sub of ['root', 'data']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'data', 'in.txt'), 'from-host');
    for (const p of [dir, join(dir, 'root'), join(dir, 'data'), join(dir, 'data', 'in.txt')]) chownSync(p, NOBODY, NOBODY);
    const sandboxModule = fileURLToPath(new URL('./bwrap-container-sandbox.js', import.meta.url));
    const r = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '--input-type=module', '-e', childScript(sandboxModule, dir)], {
      encoding: 'utf8', timeout: 30_000, cwd: dir,
    });
    assert.equal(r.status, 0, `child failed: ${r.stderr}`);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as {
      log: string; hostUid: string; exec: { out: string; err: string; exitCode: number }; exit: { exitCode: number; signal?: string };
    };
    assert.equal(result.hostUid, String(NOBODY), 'the container process is nobody on the host');
    assert.match(result.log, /^host=web-0 pid=1 uid=0 in=from-host$/m, 'own hostname, PID 1, root inside its user namespace, reads the bind mount');
    assert.equal(result.exec.exitCode, 0, result.exec.err);
    assert.equal(result.exec.out, 'exec host=web-0 uid=0 pid1=sleep cwd=/data\n');
    // sleep as PID 1 has no default SIGTERM action, so stop() kills it after the grace period
    assert.deepEqual([result.exit.exitCode, result.exit.signal], [137, 'SIGKILL']);
    const written = join(dir, 'data', 'out.txt');
    assert.equal(readFileSync(written, 'utf8'), 'written\n');
    assert.equal(statSync(written).uid, NOBODY, 'what the container writes belongs to the unprivileged user');
  });
});
