/**
 * RbdAttacher on rbd-fuse: the kernels here have no rbd or nbd module, so an image becomes a block
 * device as rbd-fuse (one per image) + a loop device, formatted when empty and mounted under
 * `<root>/<id>/mnt`. One attachment per image on this host, shared by every virtual node: the same
 * pod asking again (prepareVolumes runs again after a failure) gets the attachment it holds; another
 * pod gets it only when both it and the attachment are read-only; otherwise it is refused as
 * "still being used", like an image that a client elsewhere watches (`rbd status`, checked before
 * attaching and again after, which catches a client that attached in between).
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Logger } from '../../../lib/log.js';
import { CephCli, type CephRunner, type CephTarget } from '../../../storage/ceph-rbd/index.js';
import { describeWatcher, imageWatchers, type ImageWatcher } from '../../../storage/ceph-rbd/image-watchers.js';
import { attachmentId, attachmentIds, attachmentPaths, readState, writeState, type AttachmentPaths, type AttachmentState } from './attachment-state.js';
import { writeClientFiles } from './client-files.js';
import { ensureFilesystem, mountFilesystem } from './filesystem.js';
import { runHostCommand, spawnDetached, toolMessage, type HostCommand, type SpawnDetached } from './host-command.js';
import { mountDevice } from './host-mounts.js';
import { KeyedLock } from './keyed-lock.js';
import { RbdAttachError } from './rbd-attach-error.js';
import { startRbdFuse } from './rbd-fuse-process.js';
import { ensureSharedRoot, releaseSharedRoot } from './shared-root.js';
import { teardownAttachment } from './teardown.js';
import type { RbdAttacher, RbdAttachRequest, RbdAttachResult, RbdUser } from './types.js';

export interface RbdFuseAttacherOptions {
  /** `<dataDir>/rbd`: one directory per attachment. */
  root: string;
  ceph?: CephRunner;
  run?: HostCommand;
  spawn?: SpawnDetached;
  isRoot?: () => boolean;
  log?: Logger;
  rbdFusePath?: string;
  /** Longest wait for rbd-fuse to show the image (default 20 s). */
  fuseTimeoutMs?: number;
}

export function inUseMessage(pool: string, image: string, w: ImageWatcher): string {
  return `rbd image ${pool}/${image} is still being used by ${describeWatcher(w)}: another node or pod has it mapped`;
}

export class RbdFuseAttacher implements RbdAttacher {
  private readonly attached = new Map<string, AttachmentState>();
  private readonly lock = new KeyedLock();
  private readonly ceph: CephRunner;
  private readonly run: HostCommand;
  private readonly spawn: SpawnDetached;

  constructor(private readonly options: RbdFuseAttacherOptions) {
    this.ceph = options.ceph ?? new CephCli();
    this.run = options.run ?? runHostCommand;
    this.spawn = options.spawn ?? spawnDetached;
  }

  attach(request: RbdAttachRequest, user: RbdUser): Promise<RbdAttachResult> {
    const id = attachmentId(request.monitors, request.pool, request.image);
    return this.lock.run(id, () => this.attachLocked(id, request, user));
  }

  private async attachLocked(id: string, request: RbdAttachRequest, user: RbdUser): Promise<RbdAttachResult> {
    const paths = attachmentPaths(this.options.root, id);
    const what = `${request.pool}/${request.image}`;
    const held = this.attached.get(id);
    if (held) return this.join(paths, held, request, user);
    if ((this.options.isRoot ?? (() => process.getuid?.() === 0))() === false) {
      throw new RbdAttachError('E_RBD_NOT_ROOT', 'rbd volumes need root on the node (loop devices and mounts); start the server as root');
    }
    if (request.keyringPath !== undefined && request.key === undefined && !existsSync(request.keyringPath)) {
      throw new RbdAttachError('E_RBD_KEYRING', `rbd: keyring ${request.keyringPath} not found on this node, and the volume has no secretRef (give secretRef, or put client.${request.user}'s keyring there)`);
    }
    // left by an attach that failed half-way and could not be cleaned then
    if (existsSync(paths.dir)) await teardownAttachment(this.run, paths, readState(paths));
    const foreign = await this.watchers(request);
    if (foreign[0]) throw new RbdAttachError('E_RBD_IN_USE', inUseMessage(request.pool, request.image, foreign[0]));
    const started = Date.now();
    const state: AttachmentState = {
      version: 1, id, pool: request.pool, image: request.image, monitors: [...request.monitors], user: request.user,
      fsType: request.fsType, readOnly: request.readOnly, detached: true, users: [], attachedAt: new Date().toISOString(),
    };
    try {
      await this.bringUp(paths, state, request);
    } catch (e) {
      await teardownAttachment(this.run, paths, readState(paths) ?? state).catch((t: unknown) => this.options.log?.warn({ image: what, err: (t as Error).message }, 'rbd attach failed and could not be undone'));
      throw e;
    }
    state.users.push(user);
    writeState(paths, state);
    this.attached.set(id, state);
    this.options.log?.info({ image: what, pod: user.pod, node: user.nodeName, loop: state.loopDevice, formatted: state.formatted, readOnly: state.readOnly, watcher: state.watcher?.address, ms: Date.now() - started }, 'rbd image attached');
    return { hostPath: paths.mountDir, readOnly: state.readOnly, attachedNow: true, newUser: true };
  }

  private join(paths: AttachmentPaths, held: AttachmentState, request: RbdAttachRequest, user: RbdUser): RbdAttachResult {
    const same = held.users.find((u) => u.podUid === user.podUid && u.volume === user.volume);
    if (same) return { hostPath: paths.mountDir, readOnly: held.readOnly || request.readOnly, attachedNow: false, newUser: false };
    const samePod = held.users.some((u) => u.podUid === user.podUid);
    if (!samePod && !(held.readOnly && request.readOnly)) {
      const holder = held.users.map((u) => `${u.pod} on ${u.nodeName}`).join(', ');
      this.options.log?.info({ image: `${held.pool}/${held.image}`, pod: user.pod, holder }, 'rbd image refused: attached for another pod on this host');
      throw new RbdAttachError('E_RBD_IN_USE', inUseMessage(held.pool, held.image, held.watcher ?? { address: 'this host', client: '?' }));
    }
    if (held.readOnly && !request.readOnly) throw new RbdAttachError('E_RBD_IN_USE', `rbd image ${held.pool}/${held.image} is attached read-only on this node: it cannot also be mounted read-write`);
    held.users.push(user);
    writeState(paths, held);
    return { hostPath: paths.mountDir, readOnly: held.readOnly || request.readOnly, attachedNow: false, newUser: true };
  }

  private target(request: Pick<RbdAttachRequest, 'monitors' | 'user' | 'key' | 'keyringPath'>): CephTarget {
    return { cluster: { monitors: request.monitors }, credentials: { user: request.user, ...(request.key !== undefined ? { key: request.key } : { keyringPath: request.keyringPath ?? '' }) } };
  }

  /** Who watches the image now (`rbd status`). */
  private watchers(request: RbdAttachRequest): Promise<ImageWatcher[]> {
    return imageWatchers(this.ceph, this.target(request), request.pool, request.image, { timeoutMs: 30_000 });
  }

  /** rbd-fuse, loop device, filesystem, mount; the state is written before and after each step. */
  private async bringUp(paths: AttachmentPaths, state: AttachmentState, request: RbdAttachRequest): Promise<void> {
    const what = `${request.pool}/${request.image}`;
    await ensureSharedRoot(this.run, this.options.root);
    mkdirSync(paths.dir, { mode: 0o700 });
    mkdirSync(paths.fuseDir, { mode: 0o700 });
    mkdirSync(paths.mountDir, { mode: 0o755 });
    writeState(paths, state);
    const keyring = writeClientFiles(paths, request);
    const args = { conf: paths.conf, user: request.user, keyring, pool: request.pool, image: request.image, fuseDir: paths.fuseDir };
    await startRbdFuse(this.options.rbdFusePath ?? 'rbd-fuse', args, paths.log, this.spawn, this.options.fuseTimeoutMs ?? 20_000, (pid) => {
      state.pid = pid;
      writeState(paths, state);
    });
    state.fuseDevice = mountDevice(paths.fuseDir);
    writeState(paths, state);
    const loop = await this.run('losetup', ['--find', '--show', ...(request.readOnly ? ['--read-only'] : []), `${paths.fuseDir}/${request.image}`]);
    if (loop.code !== 0 || !loop.stdout.trim().startsWith('/dev/loop')) throw new RbdAttachError('E_RBD_LOOP', `losetup for rbd image ${what}: ${toolMessage(loop)}`);
    state.loopDevice = loop.stdout.trim();
    writeState(paths, state);
    // the loop device holds the image file open; with the fuse mount out of the tree nothing can
    // reach the file by path any more - an `rm -rf` of the data dir would otherwise unlink it,
    // and rbd-fuse's unlink is `rbd rm`: the image would be gone from the pool
    const detach = await this.run('umount', ['--lazy', paths.fuseDir]);
    if (detach.code !== 0) throw new RbdAttachError('E_RBD_FUSE', `detaching the fuse mount of rbd image ${what}: ${toolMessage(detach)}`);
    state.fuseDetached = true;
    writeState(paths, state);
    state.formatted = await ensureFilesystem(this.run, state.loopDevice, request.fsType, request.readOnly, what);
    await mountFilesystem(this.run, state.loopDevice, paths.mountDir, request.fsType, request.readOnly, what);
    state.mounted = true;
    writeState(paths, state);
    const watching = await this.watchers(request);
    if (watching.length > 1) {
      const other = watching.find((w) => w.address !== watching[0]?.address) ?? watching[1]!;
      throw new RbdAttachError('E_RBD_IN_USE', inUseMessage(request.pool, request.image, other));
    }
    if (watching[0]) state.watcher = { address: watching[0].address, client: `client.${watching[0].client}` };
    writeState(paths, state);
  }

  detachPod(podUid: string): Promise<void> {
    const ids = [...this.attached].filter(([, s]) => s.users.some((u) => u.podUid === podUid)).map(([id]) => id);
    return this.releaseAll(ids, (state) => {
      state.users = state.users.filter((u) => u.podUid !== podUid);
      return state.users.length === 0;
    });
  }

  private async releaseAll(ids: string[], release: (s: AttachmentState) => boolean): Promise<void> {
    const failures: Error[] = [];
    await Promise.all(ids.map((id) => this.lock.run(id, async () => {
      const state = this.attached.get(id);
      if (!state) return;
      const paths = attachmentPaths(this.options.root, id);
      if (!release(state)) return writeState(paths, state);
      const started = Date.now();
      try {
        await teardownAttachment(this.run, paths, state);
        this.attached.delete(id);
        this.options.log?.info({ image: `${state.pool}/${state.image}`, ms: Date.now() - started }, 'rbd image detached');
      } catch (e) {
        writeState(paths, state);
        failures.push(e as Error);
      }
    })));
    if (failures[0]) throw failures[0];
  }

  async cleanup(): Promise<void> {
    const root = this.options.root;
    const failures: string[] = [];
    for (const id of attachmentIds(root)) {
      if (this.attached.has(id)) continue;
      const paths = attachmentPaths(root, id);
      const state = readState(paths);
      try {
        await this.lock.run(id, () => teardownAttachment(this.run, paths, state));
        this.options.log?.info({ image: state ? `${state.pool}/${state.image}` : id, users: state?.users.map((u) => u.pod) }, 'rbd attachment left by a previous run released');
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    if (this.attached.size === 0 && existsSync(root)) await releaseSharedRoot(this.run, root);
    if (failures.length > 0) throw new RbdAttachError('E_RBD_DETACH', failures.join('; '));
  }

  async shutdown(): Promise<void> {
    let first: unknown;
    await this.releaseAll([...this.attached.keys()], () => true).catch((e: unknown) => (first = e));
    await this.cleanup().catch((e: unknown) => (first ??= e));
    if (first) throw first;
  }
}
