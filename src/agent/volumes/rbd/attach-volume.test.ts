import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../../controllers/runtime/types.js';
import { isPodInputError } from '../../env/index.js';
import { b64, FakePodInputSource } from '../../env/test-source.test-util.js';
import { prepareVolumes } from '../prepare-volumes.js';
import { RbdAttachError } from './rbd-attach-error.js';
import type { RbdAttacher, RbdAttachRequest, RbdAttachResult, RbdUser, RbdVolumeHost } from './types.js';

const KEY = 'AQDBXRdrXeCmKBAAgxsSbATW52Cuyz9s16Cw+Q==';

/** Plays the attacher: records requests, answers from a script. */
class FakeRbdAttacher implements RbdAttacher {
  readonly calls: Array<{ request: RbdAttachRequest; user: RbdUser }> = [];
  constructor(private readonly answer: (r: RbdAttachRequest) => RbdAttachResult) {}
  async attach(request: RbdAttachRequest, user: RbdUser): Promise<RbdAttachResult> {
    this.calls.push({ request, user });
    return this.answer(request);
  }
  async detachPod(): Promise<void> {}
  async cleanup(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ordinal-rbd-wiring-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pod = (volumes: KubeObject[]): KubeObject => ({ metadata: { name: 'mysql-0', namespace: 'devops', uid: 'u-1' }, spec: { containers: [{ name: 'main' }], volumes } });

function host(attacher: RbdAttacher, events: string[]): RbdVolumeHost {
  return { attacher, nodeName: 'node-2', event: (type, reason, message) => events.push(`${type} ${reason} ${message}`) };
}

const source = (): FakePodInputSource => new FakePodInputSource()
  .add('secret', { metadata: { name: 'ceph-secret', namespace: 'devops' }, data: { key: b64(KEY) } })
  .add('pvc', { metadata: { name: 'db-mysql-0', namespace: 'devops' }, spec: { volumeName: 'mysql-pv' }, status: { phase: 'Bound' } })
  .add('pv', { metadata: { name: 'mysql-pv' }, spec: { accessModes: ['ReadWriteOnce'], rbd: { monitors: ['m:6789'], pool: 'kube', image: 'mysql', user: 'kube', secretRef: { name: 'ceph-secret', namespace: 'devops' } } } });

describe('rbd volumes in prepareVolumes', () => {
  it('an inline rbd volume and an rbd PV reach the attacher as requests for this pod and node; events as Kubernetes words them', async () => {
    const attacher = new FakeRbdAttacher((r) => ({ hostPath: `/rbd/${r.image}/mnt`, readOnly: r.readOnly, attachedNow: r.image === 'inline', newUser: true }));
    const events: string[] = [];
    const volumes = await prepareVolumes(pod([
      { name: 'data', rbd: { monitors: ['m:6789'], pool: 'kube', image: 'inline', user: 'kube', secretRef: { name: 'ceph-secret' }, readOnly: true } },
      { name: 'db', persistentVolumeClaim: { claimName: 'db-mysql-0' } },
    ]), dir, source(), {}, { rbd: host(attacher, events) });
    assert.deepEqual(volumes.get('data'), { hostPath: '/rbd/inline/mnt', readOnly: true });
    assert.deepEqual(volumes.get('db'), { hostPath: '/rbd/mysql/mnt', readOnly: false });
    assert.deepEqual(attacher.calls.map((c) => c.user), [
      { podUid: 'u-1', pod: 'devops/mysql-0', volume: 'data', nodeName: 'node-2', readOnly: true },
      { podUid: 'u-1', pod: 'devops/mysql-0', volume: 'db', nodeName: 'node-2', readOnly: false },
    ]);
    assert.equal(attacher.calls[1]!.request.persistentVolumeName, 'mysql-pv');
    assert.deepEqual(events, [
      'Normal SuccessfulAttachVolume AttachVolume.Attach succeeded for volume "data"',
      'Normal SuccessfulMountVolume MountVolume.SetUp succeeded for volume "data"',
      'Normal SuccessfulMountVolume MountVolume.SetUp succeeded for volume "db"',
    ]);
  });

  it("the attacher's refusal is FailedMount; without an attacher rbd volumes are not supported", async () => {
    const busy = new FakeRbdAttacher(() => {
      throw new RbdAttachError('E_RBD_IN_USE', 'rbd image kube/inline is still being used by 127.0.0.1:0/1 (client.9): another node or pod has it mapped');
    });
    const volume = { name: 'data', rbd: { monitors: ['m:6789'], pool: 'kube', image: 'inline', secretRef: { name: 'ceph-secret' } } };
    await assert.rejects(prepareVolumes(pod([volume]), dir, source(), {}, { rbd: host(busy, []) }), (e: unknown) => {
      assert.ok(isPodInputError(e));
      assert.equal(e.reason, 'FailedMount');
      assert.equal(e.code, 'E_RBD_IN_USE');
      assert.equal(e.message, 'MountVolume.SetUp failed for volume "data" : rbd image kube/inline is still being used by 127.0.0.1:0/1 (client.9): another node or pod has it mapped');
      return true;
    });
    await assert.rejects(prepareVolumes(pod([volume]), dir, source()), /rbd volumes are not supported on this node/);
  });
});
