import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/types.js';
import { claim, pv, refTo } from './test-fixtures.js';
import { findBestVolume, nodeAffinityAdmits, boundVolumeMismatch } from './volume-match.js';

const immediate = { delayBinding: false };
const names = (v: KubeObject | undefined): string | undefined => v?.['metadata'].name;

describe('findBestVolume', () => {
  it('takes the smallest sufficient volume, by name on a tie', () => {
    const vols = [pv('big', '10Gi'), pv('small', '1Gi'), pv('tiny', '500Mi'), pv('mid-b', '2Gi'), pv('mid-a', '2048Mi')];
    assert.equal(names(findBestVolume(claim('c', '1Gi'), vols, immediate)), 'small');
    assert.equal(names(findBestVolume(claim('c', '1.5Gi'), vols, immediate)), 'mid-a');
    assert.equal(findBestVolume(claim('c', '20Gi'), vols, immediate), undefined);
  });

  it('matches classes exactly, "" only with no class', () => {
    const vols = [pv('none', '1Gi'), pv('fast', '1Gi', { class: 'fast' })];
    assert.equal(names(findBestVolume(claim('c', '1Gi'), vols, immediate)), 'none');
    assert.equal(names(findBestVolume(claim('c', '1Gi', { class: '' }), vols, immediate)), 'none');
    assert.equal(names(findBestVolume(claim('c', '1Gi', { class: 'fast' }), vols, immediate)), 'fast');
    assert.equal(findBestVolume(claim('c', '1Gi', { class: 'slow' }), vols, immediate), undefined);
  });

  it('needs a superset of access modes and the same volumeMode', () => {
    const vols = [pv('rwo', '1Gi'), pv('both', '5Gi', { modes: ['ReadWriteOnce', 'ReadOnlyMany'] }), pv('block', '1Gi', { mode: 'Block', modes: ['ReadWriteOnce', 'ReadOnlyMany'] })];
    assert.equal(names(findBestVolume(claim('c', '1Gi', { modes: ['ReadOnlyMany', 'ReadWriteOnce'] }), vols, immediate)), 'both');
    assert.equal(findBestVolume(claim('c', '1Gi', { modes: ['ReadWriteMany'] }), vols, immediate), undefined);
    assert.equal(names(findBestVolume(claim('c', '1Gi', { mode: 'Block' }), vols, immediate)), 'block');
  });

  it('honours the claim selector (seed 002: a volume labelled for db-mysql-0)', () => {
    const vols = [pv('small-unlabelled', '1Gi'), pv('mysql-pv', '2Gi', { labels: { app: 'mysql', ordinal: '0' } })];
    const sel = { matchLabels: { app: 'mysql' }, matchExpressions: [{ key: 'ordinal', operator: 'In', values: ['0'] }] };
    assert.equal(names(findBestVolume(claim('db-mysql-0', '1Gi', { selector: sel }), vols, immediate)), 'mysql-pv');
    assert.equal(findBestVolume(claim('db-mysql-1', '1Gi', { selector: { matchLabels: { app: 'mysql', ordinal: '1' } } }), vols, immediate), undefined);
    assert.equal(names(findBestVolume(claim('c', '1Gi', { selector: {} }), vols, immediate)), 'small-unlabelled');
  });

  it('skips volumes that are claimed, not Available, or being deleted', () => {
    const other = claim('other', '1Gi');
    const terminating = pv('terminating', '1Gi');
    terminating['metadata'].deletionTimestamp = '2024-01-01T00:00:00Z';
    const vols = [pv('claimed', '1Gi', { claimRef: refTo(other) }), pv('prebound-other', '1Gi', { claimRef: refTo(other, false) }), pv('pending', '1Gi', { phase: 'Pending' }), pv('released', '1Gi', { phase: 'Released' }), terminating, pv('free', '9Gi')];
    assert.equal(names(findBestVolume(claim('c', '1Gi'), vols, immediate)), 'free');
  });

  it('takes a volume pre-bound to the claim first, whatever its class or phase, if it is big enough', () => {
    const c = claim('c', '1Gi');
    const vols = [pv('a-free', '1Gi'), pv('z-mine', '5Gi', { class: 'other', phase: 'Pending', claimRef: refTo(c) })];
    assert.equal(names(findBestVolume(c, vols, immediate)), 'z-mine');
    const byName = [pv('a-free', '1Gi'), pv('z-mine', '5Gi', { claimRef: refTo(c, false) })];
    assert.equal(names(findBestVolume(c, byName, immediate)), 'z-mine');
    const tooSmall = [pv('a-free', '1Gi'), pv('z-mine', '100Mi', { claimRef: refTo(c) })];
    assert.equal(names(findBestVolume(c, tooSmall, immediate)), 'a-free');
    // a claimRef to an older claim of the same name (other uid) is not this claim's: never rebound
    const retained = [pv('retained', '5Gi', { phase: 'Released', claimRef: { ...refTo(c), uid: 'old-uid' } })];
    assert.equal(findBestVolume(c, retained, immediate), undefined);
  });

  it('binds late claims only to pre-bound volumes until a node is chosen, then to volumes on that node', () => {
    const c = claim('c', '1Gi', { class: 'local' });
    const onNode = (n: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [n] }] }] } });
    const vols = [pv('on-a', '1Gi', { class: 'local', nodeAffinity: onNode('a') }), pv('on-b', '1Gi', { class: 'local', nodeAffinity: onNode('b') })];
    assert.equal(findBestVolume(c, vols, { delayBinding: true }), undefined);
    assert.equal(names(findBestVolume(c, vols, { delayBinding: true, node: { name: 'b', labels: { 'kubernetes.io/hostname': 'b' } } })), 'on-b');
    assert.equal(findBestVolume(c, vols, { delayBinding: true, node: { name: 'c', labels: { 'kubernetes.io/hostname': 'c' } } }), undefined);
    const mine = [pv('mine', '1Gi', { class: 'local', claimRef: refTo(c) })];
    assert.equal(names(findBestVolume(c, mine, { delayBinding: true })), 'mine');
  });
});

describe('node affinity and pre-bound checks', () => {
  it('evaluates nodeSelectorTerms (ORed terms, ANDed expressions, matchFields on the name)', () => {
    const v = pv('v', '1Gi', {
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }, { key: 'disk', operator: 'Exists' }] },
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['special'] }] },
            {},
          ],
        },
      },
    });
    assert.ok(nodeAffinityAdmits(v, { name: 'n1', labels: { zone: 'z1', disk: 'ssd' } }));
    assert.ok(!nodeAffinityAdmits(v, { name: 'n1', labels: { zone: 'z1' } }));
    assert.ok(nodeAffinityAdmits(v, { name: 'special', labels: {} }));
    assert.ok(nodeAffinityAdmits(pv('free', '1Gi'), { name: 'any', labels: {} }));
  });

  it('explains why a named volume does not fit', () => {
    assert.match(boundVolumeMismatch(pv('v', '1Gi'), claim('c', '2Gi'), { checkClass: true }) ?? '', /too small/);
    assert.match(boundVolumeMismatch(pv('v', '1Gi', { class: 'x' }), claim('c', '1Gi'), { checkClass: true }) ?? '', /storageClassName/);
    assert.equal(boundVolumeMismatch(pv('v', '1Gi', { class: 'x' }), claim('c', '1Gi'), { checkClass: false }), undefined);
    assert.match(boundVolumeMismatch(pv('v', '1Gi', { mode: 'Block' }), claim('c', '1Gi'), { checkClass: false }) ?? '', /volumeMode/);
  });
});
