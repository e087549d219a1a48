import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeCsiVolumeId, decomposeCsiVolumeId } from './csi-volume-handle.js';
import { csiImageName, inTreeImageName, isUuid, volumeUuid } from './image-names.js';

const uid = '0b9c8a3e-4d1f-4c2a-9e7b-1f2e3d4c5b6a';
const fsid = '69e6bdb3-1933-4433-822f-179b92813dcc';

describe('image names and ceph-csi volume ids', () => {
  it("the image carries the claim's uid from the PV name", () => {
    assert.equal(inTreeImageName(`pvc-${uid}`), `kubernetes-dynamic-pvc-${uid}`);
    assert.equal(csiImageName(`pvc-${uid}`), `csi-vol-${uid}`);
  });

  it('a PV name of another shape gets a name-based uuid, the same every time', () => {
    const a = volumeUuid('my-volume');
    assert.ok(isUuid(a));
    assert.equal(volumeUuid('my-volume'), a);
    assert.notEqual(volumeUuid('my-volume-2'), a);
    assert.equal(a[14], '5', 'version 5 layout');
  });

  it("composes ceph-csi's version 1 id", () => {
    const id = composeCsiVolumeId({ clusterID: fsid, poolId: 2, uuid: uid });
    assert.equal(id, `0001-0024-${fsid}-0000000000000002-${uid}`);
    assert.deepEqual(decomposeCsiVolumeId(id), { clusterID: fsid, poolId: 2, uuid: uid });
    assert.equal(composeCsiVolumeId({ clusterID: 'rook-ceph', poolId: 26, uuid: uid }), `0001-0009-rook-ceph-000000000000001a-${uid}`);
  });

  it('decomposes only well-formed ids', () => {
    assert.equal(decomposeCsiVolumeId('pvc-1'), undefined);
    assert.equal(decomposeCsiVolumeId(`0002-0024-${fsid}-0000000000000002-${uid}`), undefined);
    assert.equal(decomposeCsiVolumeId(`0001-0025-${fsid}-0000000000000002-${uid}`), undefined);
    assert.throws(() => composeCsiVolumeId({ clusterID: 'x'.repeat(65), poolId: 1, uuid: uid }));
  });
});
