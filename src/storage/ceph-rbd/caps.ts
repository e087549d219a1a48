/**
 * What a cephx user needs for ordinal's RBD volumes, checked against the caps it has (pure). The
 * caps ceph-csi and Rook give their users are `mon 'profile rbd'`, `osd 'profile rbd pool=P'`,
 * `mgr 'profile rbd pool=P'`. The seeds' `mon 'allow r' osd 'allow rwx pool=kube'` can create and
 * write images but cannot blocklist a dead client, so a lock or exclusive-lock held by a dead node
 * can never be broken (seed 003: `rbd: releasing lock failed: (13) Permission denied`).
 */

/** A user's caps as `ceph auth get` prints them: service -> grant string. */
export type CephCaps = Partial<Record<'mon' | 'osd' | 'mgr' | 'mds', string>>;

export interface MissingCap {
  service: 'mon' | 'osd' | 'mgr';
  /** The cap to add, as `ceph auth caps` takes it. */
  want: string;
  have: string | undefined;
  /** What does not work without it. */
  breaks: string;
}

export function recommendedCaps(pool: string): Required<Pick<CephCaps, 'mon' | 'osd' | 'mgr'>> {
  return { mon: 'profile rbd', osd: `profile rbd pool=${pool}`, mgr: `profile rbd pool=${pool}` };
}

interface Grant {
  kind: 'profile' | 'allow';
  /** profile name, or the allow's permission letters / '*'. */
  what: string;
  pool?: string;
  command?: string;
  namespace?: string;
}

/** Split `profile rbd pool=a, allow rwx pool=b` into grants (ignores what it cannot read). */
export function parseGrants(caps: string | undefined): Grant[] {
  if (!caps) return [];
  const out: Grant[] = [];
  for (const part of caps.split(/[,;]/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    if (words.length < 2) continue;
    const [kind, second, ...rest] = words as [string, string, ...string[]];
    const opts = Object.fromEntries(rest.filter((w) => w.includes('=')).map((w) => w.split('=', 2) as [string, string]));
    if (kind === 'profile') out.push({ kind: 'profile', what: second, ...(opts['pool'] ? { pool: opts['pool'] } : {}), ...(opts['namespace'] ? { namespace: opts['namespace'] } : {}) });
    else if (kind === 'allow') {
      if (second === 'command') out.push({ kind: 'allow', what: '', command: rest.join(' ').replace(/^["']|["']$/g, '') });
      else out.push({ kind: 'allow', what: second, ...(opts['pool'] ? { pool: opts['pool'] } : {}), ...(opts['namespace'] ? { namespace: opts['namespace'] } : {}) });
    }
  }
  return out;
}

const has = (perm: string, letters: string): boolean => perm === '*' || [...letters].every((l) => perm.includes(l));
const coversPool = (g: Grant, pool: string): boolean => g.pool === undefined || g.pool === pool;

/** The mon caps let this user blocklist a dead client (needed to break its lock or exclusive lock). */
export function monCanBlocklist(caps: string | undefined): boolean {
  return parseGrants(caps).some((g) => (g.kind === 'profile' && g.what === 'rbd') || (g.kind === 'allow' && (has(g.what, 'rw') || /osd blocklist|osd blacklist/.test(g.command ?? ''))));
}

/** The osd caps let this user create, write and remove images in `pool` (rbd needs r, w and x: class methods). */
export function osdCanUseRbdPool(caps: string | undefined, pool: string): boolean {
  return parseGrants(caps).some((g) => coversPool(g, pool) && g.namespace === undefined && ((g.kind === 'profile' && g.what === 'rbd') || (g.kind === 'allow' && has(g.what, 'rwx'))));
}

/** The mgr caps allow rbd's mgr tasks (background image removal, trash purge) for `pool`. */
export function mgrCanRunRbdTasks(caps: string | undefined, pool: string): boolean {
  return parseGrants(caps).some((g) => coversPool(g, pool) && ((g.kind === 'profile' && g.what === 'rbd') || (g.kind === 'allow' && has(g.what, 'rw'))));
}

/** Which of the recommended caps this user lacks for `pool`, and what breaks because of each. */
export function missingCaps(caps: CephCaps, pool: string): MissingCap[] {
  const want = recommendedCaps(pool);
  const out: MissingCap[] = [];
  if (!monCanBlocklist(caps.mon)) {
    out.push({ service: 'mon', want: want.mon, have: caps.mon, breaks: 'cannot blocklist a dead client: a lock or exclusive lock held by a node that died cannot be broken, so its volume can never be attached elsewhere (`rbd: releasing lock failed: (13) Permission denied`, `librbd: unable to blocklist client`)' });
  }
  if (!osdCanUseRbdPool(caps.osd, pool)) {
    out.push({ service: 'osd', want: want.osd, have: caps.osd, breaks: `cannot create, write or remove images in pool ${pool} (rbd needs read, write and class-method rights: rwx)` });
  }
  if (!mgrCanRunRbdTasks(caps.mgr, pool)) {
    out.push({ service: 'mgr', want: want.mgr, have: caps.mgr, breaks: `no rbd mgr tasks for pool ${pool}: images are removed in the foreground only, and \`rbd trash purge schedule\` / \`rbd perf image\` are refused` });
  }
  return out;
}

/** The caps to set so that nothing is missing: the user's grants with the missing ones added. */
export function mergedCaps(caps: CephCaps, pool: string): Required<Pick<CephCaps, 'mon' | 'osd' | 'mgr'>> {
  const want = recommendedCaps(pool);
  const missing = new Set(missingCaps(caps, pool).map((m) => m.service));
  const merge = (service: 'mon' | 'osd' | 'mgr'): string => {
    const current = caps[service]?.trim();
    if (!missing.has(service)) return current || want[service];
    return current ? `${current}, ${want[service]}` : want[service];
  };
  return { mon: merge('mon'), osd: merge('osd'), mgr: merge('mgr') };
}
