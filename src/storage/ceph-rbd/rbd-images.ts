/**
 * The image operations both RBD provisioners share, each in as few `rbd` processes as possible (every
 * one connects to the monitors: ~50 ms): create = one `rbd import` of an empty image that carries its
 * back-link; on a retry that finds the image already there, one `rbd image-meta list` decides whether
 * it is ours to adopt. Remove = `rbd rm`, which librbd itself refuses while a client watches the image,
 * plus one `rbd image-meta list` first so that an image made for another PV is never removed.
 */
import { describeWatcher, imageWatchers } from './image-watchers.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError } from '../storage-error.js';
import { isCephCommandError, type CephCommandError } from './ceph-command-error.js';
import { describeBackLink, matchBackLink, metaPvName, backLinkMetadata, type BackLink } from './image-metadata.js';
import { emptyImageStream } from './image-stream.js';
import { RbdVolumeError } from './rbd-volume-error.js';
import type { CephRunner, CephTarget } from './types.js';

/** The failpoint between an image's creation and its PV's (crash tests: ORDINAL_FAILPOINTS=ceph-rbd:provision:after-image). */
export const afterImageFailpoint = 'ceph-rbd:provision:after-image';

export interface NewImage {
  target: CephTarget;
  pool: string;
  image: string;
  sizeBytes: bigint;
  /** undefined: Ceph's defaults (rbd_default_features); []: none. */
  features?: readonly string[];
  dataPool?: string;
  objectSize?: string;
  stripeUnit?: string;
  stripeCount?: string;
  link: BackLink;
}

export interface ImageRef {
  target: CephTarget;
  pool: string;
  image: string;
}

export interface RbdImagesOptions {
  /** Where the import streams are written for the moment of the call (default the OS temp dir). */
  tmpRoot?: string;
  /** How long `rbd rm` may take (a thin image without object-map: ~4 s per 100 GiB here). Default 10 min. */
  removeTimeoutMs?: number;
}

function spec(r: { pool: string; image: string }): string {
  return `${r.pool}/${r.image}`;
}

/** Ceph's message without the object addresses librbd prints (`0x5565...`), so a repeated failure reads the same. */
export function stableCephMessage(e: CephCommandError): string {
  const parts = e.cephMessage
    .replace(/\b0x[0-9a-f]{6,}\b ?/g, '')
    .replace(/\S*\/ordinal-ceph-[^/\s]+\//g, '')
    .split('; ');
  return [...new Set(parts)].join('; ');
}

/** Ceph's own words for a failed call, in an error that is retried unless `refusal`. */
function wrap(what: string, e: unknown, refusal = false): Error {
  if (!isCephCommandError(e)) return e as Error;
  const message = `${what}: ${stableCephMessage(e)}`;
  return refusal ? new StorageError('E_RBD_INVALID', message, { cause: e }) : new RbdVolumeError(e.code, message, { cause: e });
}

/** What Ceph rejects as a bad option (a feature name it does not know, features that exclude each other). */
function isInvalidRequest(e: CephCommandError): boolean {
  return e.errno === 22 || /argument for option .* is invalid|features not allowed/.test(e.cephMessage);
}

export class RbdImages {
  constructor(private readonly runner: CephRunner, private readonly options: RbdImagesOptions = {}) {}

  /** Creates the image with its back-link, or adopts the one an earlier attempt made for the same volume. */
  async create(n: NewImage): Promise<'created' | 'adopted'> {
    const dir = await mkdtemp(join(this.options.tmpRoot ?? tmpdir(), 'ordinal-rbd-'));
    try {
      const stream = join(dir, 'image.v2');
      await writeFile(stream, emptyImageStream(n.sizeBytes, backLinkMetadata(n.link)), { mode: 0o600 });
      await this.runner.rbd(n.target, ['import', '--no-progress', '--export-format', '2', ...this.imageOptions(n), stream, spec(n)]);
      return 'created';
    } catch (e) {
      if (isCephCommandError(e) && e.errno === 17) return await this.adopt(n);
      throw wrap(`failed to create rbd image ${spec(n)}`, e, isCephCommandError(e) && isInvalidRequest(e));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private imageOptions(n: NewImage): string[] {
    const out: string[] = [];
    if (n.features !== undefined) out.push('--image-feature', n.features.join(','));
    if (n.dataPool) out.push('--data-pool', n.dataPool);
    if (n.objectSize) out.push('--object-size', `${n.objectSize}B`);
    if (n.stripeUnit && n.stripeCount) out.push('--stripe-unit', `${n.stripeUnit}B`, '--stripe-count', n.stripeCount);
    return out;
  }

  private async adopt(n: NewImage): Promise<'adopted'> {
    const metadata = await this.metadata(n, `rbd image ${spec(n)} exists; failed to read its metadata`);
    const match = matchBackLink(metadata, n.link);
    if (match === 'ours') return 'adopted';
    if (match === 'other') {
      throw new RbdVolumeError('E_RBD_IMAGE_NOT_OURS', `rbd image ${spec(n)} already exists and was made for ${describeBackLink(metadata)}, not for ${describeBackLink(backLinkMetadata(n.link))}: not using it (remove or rename that image if it is not needed)`);
    }
    throw new RbdVolumeError(
      'E_RBD_IMAGE_UNLINKED',
      `rbd image ${spec(n)} already exists without the back-link (metadata ${metaPvName}): an earlier attempt may still be writing it, or it was made by hand; not using it until its metadata names PV ${n.link.pvName}`,
    );
  }

  private async metadata(r: ImageRef, what: string): Promise<Record<string, string> | undefined> {
    try {
      return (await this.runner.rbdJson<Record<string, string> | null>(r.target, ['image-meta', 'list', spec(r)])) ?? {};
    } catch (e) {
      if (isCephCommandError(e) && e.errno === 2) return undefined;
      throw wrap(what, e);
    }
  }

  /**
   * Removes the image; `gone` when it (or its pool) does not exist. Refused for good when its back-link
   * names another PV; retried while a client watches it (librbd refuses `rm` then) or Ceph fails.
   */
  async remove(r: ImageRef, pvName: string): Promise<'removed' | 'gone'> {
    const metadata = await this.metadata(r, `failed to delete rbd image ${spec(r)}`);
    if (metadata === undefined) return 'gone';
    const owner = metadata[metaPvName];
    if (owner !== undefined && owner !== pvName) {
      throw new StorageError('E_RBD_IMAGE_NOT_OURS', `rbd image ${spec(r)} was made for ${describeBackLink(metadata)}, not for PV ${pvName}: not removing it`);
    }
    try {
      await this.runner.rbd(r.target, ['rm', '--no-progress', spec(r)], { timeoutMs: this.options.removeTimeoutMs ?? 600_000 });
      return 'removed';
    } catch (e) {
      if (isCephCommandError(e) && e.errno === 2) return 'gone';
      if (isCephCommandError(e) && e.errno === 16) throw await this.inUse(r, e);
      throw wrap(`failed to delete rbd image ${spec(r)}`, e);
    }
  }

  private async inUse(r: ImageRef, cause: CephCommandError): Promise<Error> {
    let holders = 'a client (its watch may take up to 30 s to expire after a crash)';
    try {
      const watchers = await imageWatchers(this.runner, r.target, r.pool, r.image);
      if (watchers.length > 0) holders = watchers.map(describeWatcher).join(', ');
    } catch {
      // the refusal itself is what matters; the watcher list only explains it
    }
    return new RbdVolumeError('E_RBD_IMAGE_IN_USE', `rbd image ${spec(r)} is still being used by ${holders}: ${stableCephMessage(cause)}`, { cause });
  }
}
