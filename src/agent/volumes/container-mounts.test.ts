import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { isPodInputError, type PodInputError } from '../env/index.js';
import { containerMounts, expandSubPathExpr } from './container-mounts.js';
import type { PreparedVolumes } from './types.js';

let root: string;
let volumes: PreparedVolumes;
const pod = { metadata: { name: 'p', namespace: 'n' }, spec: {} };

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'ordinal-h-e-mnt-'));
  await mkdir(join(root, 'data'));
  await chmod(join(root, 'data'), 0o750);
  await mkdir(join(root, 'cfg'));
  await mkdir(join(root, 'outside'));
  await symlink(join(root, 'outside'), join(root, 'data', 'escape'));
  volumes = new Map([
    ['data', { hostPath: join(root, 'data'), readOnly: false }],
    ['cfg', { hostPath: join(root, 'cfg'), readOnly: true }],
  ]);
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function mounts(volumeMounts: KubeObject[], env: Record<string, string> = {}): ReturnType<typeof containerMounts> {
  return containerMounts(pod, { name: 'app', volumeMounts }, volumes, env);
}

function configError(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isPodInputError(e), String(e));
    assert.equal((e as PodInputError).reason, 'CreateContainerConfigError');
    if (typeof message === 'string') assert.equal((e as Error).message, message);
    else assert.match((e as Error).message, message);
    return true;
  });
}

describe('containerMounts', () => {
  it('maps volumeMounts to bind mounts, read-only when the mount or the volume is', () => {
    assert.deepEqual(mounts([{ name: 'data', mountPath: '/var/lib/data' }, { name: 'data', mountPath: '/ro', readOnly: true }, { name: 'cfg', mountPath: '/etc/cfg/' }]), [
      { hostPath: join(root, 'data'), containerPath: '/var/lib/data', readOnly: false },
      { hostPath: join(root, 'data'), containerPath: '/ro', readOnly: true },
      { hostPath: join(root, 'cfg'), containerPath: '/etc/cfg', readOnly: true },
    ]);
  });

  it('creates a missing subPath with the volume directory mode', async () => {
    const [m] = mounts([{ name: 'data', mountPath: '/d', subPath: 'a/b' }]);
    assert.equal(m!.hostPath, join(root, 'data/a/b'));
    assert.equal((await stat(join(root, 'data/a/b'))).mode & 0o777, 0o750);
  });

  it('expands subPathExpr from the container env and requires every variable', () => {
    const [m] = mounts([{ name: 'data', mountPath: '/d', subPathExpr: '$(POD_NAME)/logs' }], { POD_NAME: 'web-1' });
    assert.equal(m!.hostPath, join(root, 'data/web-1/logs'));
    configError(() => mounts([{ name: 'data', mountPath: '/d', subPathExpr: '$(B)/$(A)' }], { A: '' }), 'missing value for A, B');
    assert.equal(expandSubPathExpr('$$(X)', {}), '$(X)');
  });

  it('rejects subPaths that are absolute, step back, or escape through a symlink', () => {
    configError(() => mounts([{ name: 'data', mountPath: '/d', subPath: '/etc' }]), 'error SubPath `/etc` must not be an absolute path');
    configError(() => mounts([{ name: 'data', mountPath: '/d', subPath: 'a/../../x' }]), "unable to provision SubPath `a/../../x`: must not contain '..'");
    configError(() => mounts([{ name: 'data', mountPath: '/d', subPath: 'escape' }]), /failed to prepare subPath for volumeMount "data" of container "app": path .* is not within/);
    configError(() => mounts([{ name: 'data', mountPath: '/d', subPath: 'escape/new' }]), 'failed to create subPath directory for volumeMount "data" of container "app"');
  });

  it('fails for a volume the pod does not have', () => {
    configError(() => mounts([{ name: 'nope', mountPath: '/x' }]), 'cannot find volume "nope" to mount into container "app"');
  });
});
