/**
 * Kubernetes resource quantities ("250m", "0.5", "256Mi", "1Gi", "1e3", "100M"), parsed exactly
 * (BigInt, no floating point) so that "0.1" cpu is 100 millicores, never 101.
 */

const binarySuffixes: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const pattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** A quantity as an exact fraction: numerator / denominator (denominator a power of ten). */
interface Exact {
  num: bigint;
  den: bigint;
}

const memo = new Map<string, Exact | undefined>();

/** Parsed once per distinct string: the same few quantities ("100m", "1Gi") recur on every pod. */
function exact(q: string): Exact | undefined {
  if (memo.has(q)) return memo.get(q);
  const e = parseExact(q);
  if (memo.size > 10_000) memo.clear();
  memo.set(q, e);
  return e;
}

function parseExact(q: string): Exact | undefined {
  const m = pattern.exec(q.trim());
  if (!m) return undefined;
  const [, sign, digits, suffix, exponent] = m;
  const [whole = '', frac = ''] = digits!.split('.');
  let num = BigInt((whole || '0') + frac) * (sign === '-' ? -1n : 1n);
  let den = 10n ** BigInt(frac.length);
  if (suffix && binarySuffixes[suffix] !== undefined) {
    num *= binarySuffixes[suffix]!;
  } else {
    const e = exponent !== undefined ? Number(exponent) : decimalSuffixes[suffix ?? '']!;
    if (Math.abs(e) > 30) return undefined;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  return { num, den };
}

function ceilDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den > 0n ? q + 1n : q;
}

/** The quantity in whole units, rounded up (memory in bytes, pods as a count); undefined if invalid. */
export function quantityValue(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  const e = exact(String(q));
  return e ? Number(ceilDiv(e.num, e.den)) : undefined;
}

/** The quantity in thousandths, rounded up (cpu in millicores); undefined if invalid. */
export function quantityMilliValue(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  const e = exact(String(q));
  return e ? Number(ceilDiv(e.num * 1000n, e.den)) : undefined;
}

/** True if the string is a well-formed quantity. */
export function isQuantity(q: string): boolean {
  return exact(q) !== undefined;
}

/**
 * Resource amounts in the unit the scheduler compares them in: cpu in millicores, everything else
 * (memory, ephemeral-storage, pods, extended resources) in whole units.
 */
export function resourceAmount(resource: string, q: string | number | undefined): number {
  const v = resource === 'cpu' ? quantityMilliValue(q) : quantityValue(q);
  return v ?? 0;
}

/** A human form for messages: "250m" cpu, "1Gi"-style memory, plain counts otherwise. */
export function formatAmount(resource: string, amount: number): string {
  if (resource === 'cpu') return amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
  if (resource === 'memory' || resource === 'ephemeral-storage') {
    for (const [suffix, factor] of [['Gi', 1 << 30], ['Mi', 1 << 20], ['Ki', 1 << 10]] as const) {
      if (amount >= factor && amount % factor === 0) return `${amount / factor}${suffix}`;
    }
  }
  return String(amount);
}

/** The quantity as a plain number (for comparisons such as requests <= limits); undefined if invalid. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const e = exact(q);
  return e ? Number(e.num) / Number(e.den) : undefined;
}
