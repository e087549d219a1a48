import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyImageStream } from './image-stream.js';

describe('the export-format 2 stream of an empty image', () => {
  it('holds the metadata and the size, laid out as `rbd export --export-format 2` writes them', () => {
    const s = emptyImageStream(1n << 30n, { 'csi.storage.k8s.io/pv/name': 'pvc-1' });
    // Compared with bytes `rbd export --export-format 2` (Ceph 16.2.15) wrote for such an image.
    const hex = (h: string): Buffer => Buffer.from(h.replace(/ /g, ''), 'hex');
    const expected = Buffer.concat([
      Buffer.from('rbd image v2\n'),
      hex('4d 2700000000000000 1a000000'), // 'M', u64 payload length 39, u32 key length 26
      Buffer.from('csi.storage.k8s.io/pv/name'),
      hex('05000000'),
      Buffer.from('pvc-1'),
      Buffer.from('E'),
      Buffer.from('rbd image diffs v2\n'),
      hex('0100000000000000'), // one diff
      Buffer.from('rbd diff v2\n'),
      hex('73 0800000000000000 0000004000000000'), // 's', length 8, 1 GiB
      Buffer.from('e'),
    ]);
    assert.equal(s.toString('hex'), expected.toString('hex'));
  });

  it('refuses a zero size', () => {
    assert.throws(() => emptyImageStream(0n, {}));
  });
});
