/**
 * planSlotMoves (pure): which slot ranges move from which master to which, so that the target
 * masters end up owning an even share (within 1 slot) and masters not in the target set own none.
 * Moves only what is needed: a master keeps its lowest slots and gives away its highest ones, and
 * receivers are filled one after the other, so every move is one contiguous range where possible.
 */
import { TOTAL_SLOTS } from './types.js';

export type SlotRange = [number, number];

export interface SlotOwner {
  /** A stable name (the pod), used in the step names. */
  name: string;
  slots: SlotRange[];
}

export interface SlotMove {
  from: string;
  to: string;
  range: SlotRange;
}

const count = (ranges: SlotRange[]): number => ranges.reduce((n, [a, b]) => n + b - a + 1, 0);

/** Slots a target should own: TOTAL / n each, the remainder to the ones owning most now (fewest moves). */
export function slotQuotas(current: SlotOwner[], targets: string[]): Map<string, number> {
  const owned = (t: string): number => count(current.find((c) => c.name === t)?.slots ?? []);
  const base = Math.floor(TOTAL_SLOTS / targets.length);
  const extra = TOTAL_SLOTS % targets.length;
  const ranked = targets.map((t, i) => ({ t, i, n: owned(t) })).sort((a, b) => b.n - a.n || a.i - b.i);
  return new Map(ranked.map((r, rank) => [r.t, base + (rank < extra ? 1 : 0)]));
}

/** The surplus of one donor: `n` slots taken from the top of its ranges, returned in ascending order. */
function takeTop(ranges: SlotRange[], n: number): SlotRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: SlotRange[] = [];
  let left = n;
  for (let i = sorted.length - 1; i >= 0 && left > 0; i--) {
    const [a, b] = sorted[i]!;
    const take = Math.min(left, b - a + 1);
    out.unshift([b - take + 1, b]);
    left -= take;
  }
  return out;
}

/**
 * Donors are handled in the order of `current` (pass the masters to empty first, e.g. the highest
 * ordinals on scale-in); receivers in the order of `targets`. Throws when `current` does not cover
 * every slot exactly once (a plan over a broken cluster would lose or double-own slots).
 */
export function planSlotMoves(current: SlotOwner[], targets: string[]): SlotMove[] {
  if (targets.length === 0) throw new Error('planSlotMoves: no target masters');
  if (new Set(targets).size !== targets.length) throw new Error('planSlotMoves: a target appears twice');
  const total = current.reduce((n, c) => n + count(c.slots), 0);
  if (total !== TOTAL_SLOTS) throw new Error(`planSlotMoves: the masters own ${total} slots, not ${TOTAL_SLOTS}`);
  const quotas = slotQuotas(current, targets);
  const owned = (t: string): number => count(current.find((c) => c.name === t)?.slots ?? []);
  const need = targets.map((t) => ({ name: t, left: Math.max(0, (quotas.get(t) ?? 0) - owned(t)) })).filter((r) => r.left > 0);
  const moves: SlotMove[] = [];
  for (const donor of current) {
    const surplus = count(donor.slots) - (quotas.get(donor.name) ?? 0);
    if (surplus <= 0) continue;
    for (const [a, b] of takeTop(donor.slots, surplus)) {
      let lo = a;
      while (lo <= b) {
        const r = need.find((x) => x.left > 0);
        if (!r) throw new Error('planSlotMoves: surplus without a receiver');
        const hi = Math.min(b, lo + r.left - 1);
        moves.push({ from: donor.name, to: r.name, range: [lo, hi] });
        r.left -= hi - lo + 1;
        lo = hi + 1;
      }
    }
  }
  return moves;
}

/** `migrate:<from>-><to>:<lo>-<hi>` (the step name) and back. */
export const moveStepName = (m: SlotMove): string => `migrate:${m.from}->${m.to}:${m.range[0]}-${m.range[1]}`;

export function parseMoveStep(name: string): SlotMove | undefined {
  const m = /^migrate:(.+)->(.+):(\d+)-(\d+)$/.exec(name);
  return m ? { from: m[1]!, to: m[2]!, range: [Number(m[3]), Number(m[4])] } : undefined;
}
