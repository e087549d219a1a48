import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSlots } from './cluster-nodes.js';
import { moveStepName, parseMoveStep, planSlotMoves, type SlotMove, type SlotOwner } from './slot-moves.js';

const owners = (n: number, names = Array.from({ length: n }, (_, i) => `rc-${i}`)): SlotOwner[] => splitSlots(n).map((r, i) => ({ name: names[i]!, slots: [r] }));

/** Ownership after applying the moves, slot by slot (asserts each moved slot was the donor's). */
function apply(current: SlotOwner[], moves: SlotMove[]): Map<number, string> {
  const owner = new Map<number, string>();
  for (const c of current) for (const [a, b] of c.slots) for (let s = a; s <= b; s++) owner.set(s, c.name);
  for (const m of moves) {
    for (let s = m.range[0]; s <= m.range[1]; s++) {
      assert.equal(owner.get(s), m.from, `slot ${s} moved from ${m.from} but owned by ${owner.get(s)}`);
      owner.set(s, m.to);
    }
  }
  return owner;
}
const counts = (owner: Map<number, string>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const n of owner.values()) out[n] = (out[n] ?? 0) + 1;
  return out;
};
const moved = (moves: SlotMove[]): number => moves.reduce((n, m) => n + m.range[1] - m.range[0] + 1, 0);

describe('planSlotMoves', () => {
  it('3 -> 4 masters: the new master gets an even share, each old master gives only its surplus, one range each', () => {
    const current = owners(3);
    const moves = planSlotMoves(current, ['rc-0', 'rc-1', 'rc-2', 'rc-6']);
    const after = counts(apply(current, moves));
    assert.deepEqual(Object.values(after).sort(), [4096, 4096, 4096, 4096]);
    assert.equal(moved(moves), 4096, 'only what is needed moves');
    assert.equal(moves.length, 3, 'one contiguous range per donor');
    assert.ok(moves.every((m) => m.to === 'rc-6'));
    assert.deepEqual(moves[0], { from: 'rc-0', to: 'rc-6', range: [4096, 5460] });
  });

  it('4 -> 3 masters: the removed master is emptied, the others balanced within 1 slot', () => {
    const current = owners(4, ['rc-0', 'rc-1', 'rc-2', 'rc-6']);
    const moves = planSlotMoves([...current].reverse(), ['rc-0', 'rc-1', 'rc-2']);
    const after = counts(apply(current, moves));
    assert.equal(after['rc-6'], undefined);
    const values = Object.values(after);
    assert.ok(Math.max(...values) - Math.min(...values) <= 1, JSON.stringify(after));
    assert.equal(moved(moves), 4096);
    assert.ok(moves.every((m) => m.from === 'rc-6'));
    assert.equal(moves.length, 3);
  });

  it('a balanced cluster needs no moves; an imbalanced one is evened out', () => {
    assert.deepEqual(planSlotMoves(owners(3), ['rc-0', 'rc-1', 'rc-2']), []);
    const skewed: SlotOwner[] = [{ name: 'a', slots: [[0, 9999]] }, { name: 'b', slots: [[10000, 12000], [12500, 16383]] }, { name: 'c', slots: [[12001, 12499]] }];
    const moves = planSlotMoves(skewed, ['a', 'b', 'c']);
    const after = counts(apply(skewed, moves));
    assert.ok(Math.max(...Object.values(after)) - Math.min(...Object.values(after)) <= 1, JSON.stringify(after));
  });

  it('3 -> 5 and 5 -> 3 stay within 1 slot and cover every slot exactly once', () => {
    for (const [from, to] of [[3, 5], [5, 3], [4, 7], [7, 4]] as const) {
      const names = Array.from({ length: Math.max(from, to) }, (_, i) => `m${i}`);
      const current = owners(from, names);
      const moves = planSlotMoves(current, names.slice(0, to));
      const owner = apply(current, moves);
      assert.equal(owner.size, 16384);
      const c = Object.values(counts(owner));
      assert.equal(c.length, to);
      assert.ok(Math.max(...c) - Math.min(...c) <= 1, `${from}->${to}: ${c}`);
    }
  });

  it('refuses ownership that does not cover 16384 slots', () => {
    assert.throws(() => planSlotMoves([{ name: 'a', slots: [[0, 100]] }], ['a', 'b']), /own 101 slots/);
  });

  it('step names round-trip', () => {
    const m: SlotMove = { from: 'rc-6', to: 'rc-0', range: [12288, 13653] };
    assert.equal(moveStepName(m), 'migrate:rc-6->rc-0:12288-13653');
    assert.deepEqual(parseMoveStep(moveStepName(m)), m);
  });
});
