import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeFsView } from './fake-fs-view.test-util.js';
import { mountArgs, type MountOp } from './mount-op.js';
import { planMounts } from './mount-plan.js';
import { resolveExecutable } from './resolve-executable.js';
import { isSandboxError } from './sandbox-error.js';

const host = fakeFsView({
  '/usr/bin/sh': '-> dash',
  '/usr/bin/dash': 'x',
  '/bin': '-> usr/bin',
  '/lib': '-> usr/lib',
  '/usr/lib/': '',
  '/etc/hosts': 'f',
  '/etc/redis/redis.conf': 'f',
  '/etc/ssl/certs/ca.pem': 'f',
  '/etc/ssl/private/': '',
  '/etc/localtime': '-> /usr/share/zoneinfo/UTC',
  '/opt/': '',
  '/root/secret': 'f',
  '/vol/data/': '',
  '/vol/conf/': '',
  '/vol/hosts': 'f',
  '/layer/': '',
});

const base = { rootDir: '/layer', workingDir: '' };
const line = (o: MountOp): string => mountArgs([o]).join(' ');

describe('planMounts', () => {
  it('binds the layer at /, shares the host dirs read-only and nothing else of the host', () => {
    const plan = planMounts({ ...base, mounts: [] }, host);
    assert.deepEqual(plan.ops.map(line), [
      '--bind /layer /',
      '--ro-bind /usr /usr',
      '--ro-bind /etc /etc',
      '--ro-bind /opt /opt',
      '--symlink usr/bin /bin',
      '--symlink usr/lib /lib',
      '--dev /dev',
      '--proc /proc',
      '--ro-bind /sys /sys',
      '--perms 1777 --dir /tmp',
      '--perms 0755 --dir /run',
      '--perms 0755 --dir /var/lib',
      '--perms 0755 --dir /var/log',
      '--perms 1777 --dir /var/tmp',
      '--symlink ../run /var/run',
    ]);
    assert.equal(plan.workingDir, '/');
    assert.equal(plan.view.hostPathOf('/bin/sh'), '/usr/bin/dash', 'symlinks are followed in the container view');
    assert.equal(plan.view.hostPathOf('/root/secret'), '/layer/root/secret', 'the host /root is not visible');
  });

  it('binds over existing targets and lets bwrap create missing ones in writable places', () => {
    const mounts = [
      { hostPath: '/vol/hosts', containerPath: '/etc/hosts', readOnly: false },
      { hostPath: '/vol/conf', containerPath: '/etc/redis', readOnly: true },
      { hostPath: '/vol/data', containerPath: '/var/lib/newthing', readOnly: false },
      { hostPath: '/vol/data', containerPath: '/var/run/etcd', readOnly: false },
    ];
    const ops = planMounts({ ...base, mounts }, host).ops.map(line);
    assert.ok(ops.includes('--ro-bind /etc /etc'), 'no shadowing needed');
    assert.deepEqual(ops.slice(-4), [
      '--bind /vol/hosts /etc/hosts',
      '--ro-bind /vol/conf /etc/redis',
      '--bind /vol/data /var/lib/newthing',
      '--bind /vol/data /run/etcd',
    ]);
  });

  it('shadows read-only dirs along the path of a target that does not exist on the host', () => {
    const mounts = [
      { hostPath: '/vol/hosts', containerPath: '/etc/hosts', readOnly: true },
      { hostPath: '/vol/conf', containerPath: '/etc/ssl/private/new/conf', readOnly: true },
    ];
    const ops = planMounts({ ...base, mounts }, host).ops.map(line);
    const at = ops.indexOf('--dir /etc');
    assert.ok(at > 0 && !ops.includes('--ro-bind /etc /etc'));
    assert.deepEqual(ops.slice(at, at + 12), [
      '--dir /etc',
      '--ro-bind /etc/hosts /etc/hosts',
      '--symlink /usr/share/zoneinfo/UTC /etc/localtime',
      '--ro-bind /etc/redis /etc/redis',
      '--dir /etc/ssl',
      '--ro-bind /etc/ssl/certs /etc/ssl/certs',
      '--dir /etc/ssl/private',
      '--ro-bind /opt /opt',
      '--symlink usr/bin /bin',
      '--symlink usr/lib /lib',
      '--dev /dev',
      '--proc /proc',
    ]);
    assert.deepEqual(ops.slice(-2), ['--ro-bind /vol/hosts /etc/hosts', '--ro-bind /vol/conf /etc/ssl/private/new/conf']);
  });

  it('shadows an earlier read-only caller mount for a later mount inside it, in place', () => {
    const mounts = [
      { hostPath: '/vol/data', containerPath: '/data', readOnly: true },
      { hostPath: '/vol/hosts', containerPath: '/data/sub/hosts', readOnly: true },
    ];
    const ops = planMounts({ ...base, mounts }, host).ops.map(line);
    assert.deepEqual(ops.slice(-2), ['--dir /data', '--ro-bind /vol/hosts /data/sub/hosts']);
  });

  it('makes a missing working dir, shadowing if needed, and resolves it through symlinks', () => {
    const a = planMounts({ ...base, mounts: [], workingDir: '/etc/app' }, host);
    assert.equal(a.workingDir, '/etc/app');
    assert.equal(line(a.ops.at(-1) as MountOp), '--dir /etc/app');
    assert.ok(a.ops.map(line).includes('--dir /etc'));
    const b = planMounts({ ...base, mounts: [], workingDir: 'var/run/x/' }, host);
    assert.equal(b.workingDir, '/run/x');
    const c = planMounts({ ...base, mounts: [], workingDir: '/etc/redis' }, host);
    assert.equal(c.ops.at(-1)?.target, '/var/run', 'an existing working dir needs nothing');
  });

  it('drops symlinks a reused layer already has and refuses bad targets', () => {
    const reused = fakeFsView({ '/bin': '-> usr/bin', '/usr/bin/': '', '/etc/': '', '/layer/bin': '-> usr/bin', '/layer/var/run': '-> /run' });
    const ops = planMounts({ ...base, mounts: [] }, reused).ops.map(line);
    assert.ok(!ops.includes('--symlink usr/bin /bin'));
    assert.ok(ops.includes('--symlink ../run /var/run'), 'a different link stays (bwrap then reports it)');
    for (const containerPath of ['relative/x', '/']) {
      assert.throws(() => planMounts({ ...base, mounts: [{ hostPath: '/vol/data', containerPath, readOnly: false }] }, host), isSandboxError);
    }
  });
});

describe('resolveExecutable', () => {
  const view = planMounts({ ...base, mounts: [{ hostPath: '/vol/data', containerPath: '/data', readOnly: false }] }, fakeFsView({
    '/usr/bin/dash': 'x', '/usr/bin/sh': '-> dash', '/usr/bin/readme': 'f', '/bin': '-> usr/bin', '/root/bin/tool': 'x',
    '/vol/data/run.sh': 'x', '/layer/app/start': 'x',
  })).view;

  it('looks a bare name up on PATH inside the container and a slash name from the working dir', () => {
    assert.equal(resolveExecutable(view, 'sh', '/root/bin:/bin', '/'), '/bin/sh');
    assert.equal(resolveExecutable(view, 'dash', undefined, '/'), '/usr/bin/dash');
    assert.equal(resolveExecutable(view, './run.sh', undefined, '/data'), '/data/run.sh');
    assert.equal(resolveExecutable(view, 'app/start', undefined, '/'), '/app/start');
  });

  it('reports a missing program as runc does', () => {
    const fails = (name: string, path: string | undefined, message: string) =>
      assert.throws(() => resolveExecutable(view, name, path, '/'), (e: unknown) => isSandboxError(e) && e.code === 'StartError' && e.message === message);
    fails('tool', '/root/bin:/usr/bin', 'exec: "tool": executable file not found in $PATH');
    fails('readme', undefined, 'exec: "readme": executable file not found in $PATH');
    fails('/nope', undefined, 'exec: "/nope": stat /nope: no such file or directory');
    fails('/usr/bin/readme', undefined, 'exec: "/usr/bin/readme": permission denied');
  });
});
