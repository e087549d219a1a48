/**
 * Sets up a pod's volumes under `<podDir>/volumes/<type>/<name>` and says where each one is.
 *
 * - emptyDir: a plain directory (0777, like the kubelet's). medium: Memory is a plain directory too
 *   (no tmpfs): its content lives on disk and counts as disk, not memory; sizeLimit is not enforced.
 * - configMap / secret / downwardAPI / projected: files in Kubernetes' AtomicWriter layout
 *   (`..data` symlink swap), read-only in the container. The per-type directories are 0700 so
 *   other host users cannot reach secrets; file modes are Kubernetes' (defaultMode 0644).
 * - hostPath: the kubelet's type checks; persistentVolumeClaim (and generic ephemeral volumes,
 *   claim `<pod>-<volume>`): the bound PV's local or hostPath directory, or its RBD image (in-tree
 *   rbd or ceph-csi) attached through `options.rbd`.
 * - rbd (inline in the pod): the image attached through `options.rbd` (rbd-fuse + loop + mount).
 * Any other source fails with FailedMount ("not supported on this node").
 */
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { mountError, PodInputError, type PodFacts, type PodInputSource, type PodInputWarning } from '../env/index.js';
import { writeAtomically, type Payload } from './atomic-writer.js';
import { claimVolume } from './claim.js';
import { checkHostPath, HostPathError } from './host-path.js';
import { attachRbdVolume, inTreeRbdRequest, type RbdVolumeHost } from './rbd/index.js';
import { configMapPayload, DEFAULT_FILE_MODE, downwardApiPayload, PayloadError, projectedPayload, secretPayload, type PayloadContext } from './payload.js';
import type { PreparedVolume, PreparedVolumes, RefreshResult } from './types.js';

const PROJECTED_KINDS = { configMap: 'configmap', secret: 'secret', downwardAPI: 'downward-api', projected: 'projected' } as const;
type ProjectedKind = keyof typeof PROJECTED_KINDS;

export interface VolumeOptions {
  /** Notes that do not stop the pod (skipped serviceAccountToken sources). */
  warn?: PodInputWarning;
  /** Attaches rbd images (inline rbd volumes, rbd and ceph-csi PersistentVolumes); without it they fail. */
  rbd?: RbdVolumeHost;
}

function volumesOf(pod: KubeObject): KubeObject[] {
  return (pod['spec']?.volumes ?? []) as KubeObject[];
}

function projectedKind(volume: KubeObject): ProjectedKind | undefined {
  return (Object.keys(PROJECTED_KINDS) as ProjectedKind[]).find((k) => volume[k] !== undefined);
}

async function typeDir(podDir: string, type: string): Promise<string> {
  const dir = join(podDir, 'volumes', type);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}

function payloadFor(ctx: PayloadContext, volume: KubeObject, kind: ProjectedKind, warn: PodInputWarning | undefined): Payload {
  const name = String(volume['name']);
  const src = volume[kind];
  switch (kind) {
    case 'configMap': return configMapPayload(ctx, src, src.defaultMode ?? DEFAULT_FILE_MODE);
    case 'secret': return secretPayload(ctx, String(src.secretName ?? ''), src, src.defaultMode ?? DEFAULT_FILE_MODE);
    case 'downwardAPI': return downwardApiPayload(ctx, src.items, src.defaultMode ?? DEFAULT_FILE_MODE);
    case 'projected':
      return projectedPayload(ctx, src, (what) => warn?.('VolumeSourceSkipped', `projected volume "${name}": ${what} skipped: ordinal does not issue service account tokens or trust bundles`));
  }
}

/** Writes (or rewrites when changed) one projected-files volume; returns its directory and whether it changed. */
async function writeProjected(ctx: PayloadContext, podDir: string, volume: KubeObject, kind: ProjectedKind, warn: PodInputWarning | undefined): Promise<{ dir: string; changed: boolean }> {
  const name = String(volume['name']);
  let payload: Payload;
  try {
    payload = payloadFor(ctx, volume, kind, warn);
  } catch (e) {
    if (e instanceof PayloadError) throw mountError(e.code, name, e.message);
    throw e;
  }
  const dir = join(await typeDir(podDir, PROJECTED_KINDS[kind]), name);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await chmod(dir, 0o755);
  try {
    return { dir, changed: await writeAtomically(dir, payload) };
  } catch (e) {
    throw mountError('E_VOLUME_WRITE', name, (e as Error).message, e);
  }
}

async function prepareOne(ctx: PayloadContext, podDir: string, volume: KubeObject, options: VolumeOptions): Promise<PreparedVolume> {
  const name = String(volume['name']);
  const kind = projectedKind(volume);
  if (kind) return { hostPath: (await writeProjected(ctx, podDir, volume, kind, options.warn)).dir, readOnly: true };
  if (volume['emptyDir'] !== undefined) {
    const dir = join(await typeDir(podDir, 'empty-dir'), name);
    await mkdir(dir, { recursive: true, mode: 0o777 });
    await chmod(dir, 0o777);
    return { hostPath: dir, readOnly: false };
  }
  if (volume['hostPath']) {
    const path = String(volume['hostPath'].path ?? '');
    try {
      await checkHostPath(path, volume['hostPath'].type);
    } catch (e) {
      if (e instanceof HostPathError) throw mountError(e.code, name, e.message, e);
      throw e;
    }
    return { hostPath: path, readOnly: false };
  }
  if (volume['persistentVolumeClaim']) {
    const ref = volume['persistentVolumeClaim'];
    const claim = await claimVolume(ctx.pod, name, String(ref.claimName ?? ''), ref.readOnly === true, ctx.source, options.rbd);
    return { hostPath: claim.hostPath, readOnly: claim.readOnly };
  }
  if (volume['ephemeral']) {
    const claimName = `${ctx.pod['metadata']?.name ?? ''}-${name}`;
    const claim = await claimVolume(ctx.pod, name, claimName, volume['ephemeral'].readOnly === true, ctx.source, options.rbd);
    return { hostPath: claim.hostPath, readOnly: claim.readOnly };
  }
  if (volume['rbd']) {
    const request = inTreeRbdRequest(volume['rbd'], { volume: name, podNamespace: String(ctx.pod['metadata']?.namespace ?? 'default'), source: ctx.source });
    return attachRbdVolume(ctx.pod, request, options.rbd);
  }
  const sourceKind = Object.keys(volume).filter((k) => k !== 'name').join(', ') || 'none';
  throw mountError('E_VOLUME_UNSUPPORTED', name, `volume source ${sourceKind} is not supported on this node`);
}

/**
 * Prepares every volume of the pod. Rejects with the first failure (a PodInputError with reason
 * FailedMount); safe to call again (already-written volumes are left as they are unless changed).
 */
export async function prepareVolumes(pod: KubeObject, podDir: string, source: PodInputSource, facts: Partial<PodFacts> = {}, options: VolumeOptions = {}): Promise<PreparedVolumes> {
  const ctx: PayloadContext = { pod, source, facts };
  const out: PreparedVolumes = new Map();
  for (const volume of volumesOf(pod)) out.set(String(volume['name']), await prepareOne(ctx, podDir, volume, options));
  return out;
}

/**
 * Rewrites configMap, secret, downwardAPI and projected volumes whose content changed (the
 * kubelet's periodic remount). A source that cannot be read keeps its previous files and is
 * reported in `failures` (a deleted optional object empties the volume, as on a kubelet).
 */
export async function refreshVolumes(pod: KubeObject, podDir: string, source: PodInputSource, facts: Partial<PodFacts> = {}): Promise<RefreshResult> {
  const ctx: PayloadContext = { pod, source, facts };
  const result: RefreshResult = { changed: [], failures: [] };
  for (const volume of volumesOf(pod)) {
    const kind = projectedKind(volume);
    if (!kind) continue;
    const name = String(volume['name']);
    try {
      if ((await writeProjected(ctx, podDir, volume, kind, undefined)).changed) result.changed.push(name);
    } catch (e) {
      result.failures.push({ volume: name, error: e instanceof PodInputError ? e : (e as Error) });
    }
  }
  return result;
}
