/**
 * A pod volume's RBD attach as the pod sees it: the attacher's failures become FailedMount
 * (`MountVolume.SetUp failed for volume "x" : ...`), and a new attachment and mount are Normal
 * events worded as Kubernetes words them (the attach/detach controller's SuccessfulAttachVolume,
 * the kubelet's SuccessfulMountVolume).
 */
import type { KubeObject } from '../../../controllers/runtime/types.js';
import { isPodInputError, mountError } from '../../env/index.js';
import type { RbdAttachRequest, RbdVolumeHost } from './types.js';

export async function attachRbdVolume(pod: KubeObject, request: RbdAttachRequest, host: RbdVolumeHost | undefined): Promise<{ hostPath: string; readOnly: boolean }> {
  if (!host) throw mountError('E_VOLUME_UNSUPPORTED', request.volume, 'rbd volumes are not supported on this node (it has no RBD attacher)');
  const meta = pod['metadata'] ?? {};
  const user = { podUid: String(meta.uid ?? ''), pod: `${meta.namespace ?? 'default'}/${meta.name ?? ''}`, volume: request.volume, nodeName: host.nodeName, readOnly: request.readOnly };
  let result;
  try {
    result = await host.attacher.attach(request, user);
  } catch (e) {
    if (isPodInputError(e)) throw e;
    throw mountError((e as { code?: unknown }).code && typeof (e as { code?: unknown }).code === 'string' ? String((e as { code: string }).code) : 'E_RBD_ATTACH', request.volume, (e as Error).message, e);
  }
  if (result.attachedNow) host.event('Normal', 'SuccessfulAttachVolume', `AttachVolume.Attach succeeded for volume "${request.persistentVolumeName ?? request.volume}"`);
  if (result.newUser) host.event('Normal', 'SuccessfulMountVolume', `MountVolume.SetUp succeeded for volume "${request.volume}"`);
  return { hostPath: result.hostPath, readOnly: result.readOnly };
}
