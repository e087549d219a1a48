/** What plan derives from the observation first: the master the Sentinels agree on and how healthy it is. */
import { hostOfPod, podOfHost } from './kind.js';
import type { Observed, RedisPodView } from './observed.js';

/** The master a majority of all Sentinels names (undefined when none has a majority). */
export function agreedMaster(o: Observed): string | undefined {
  const votes = new Map<string, number>();
  for (const s of o.sentinels) if (s.reachable && s.master) votes.set(s.master, (votes.get(s.master) ?? 0) + 1);
  const majority = Math.floor(o.spec.sentinel.replicas / 2) + 1;
  for (const [host, n] of votes) if (n >= majority) return host;
  return undefined;
}

export const linked = (p: RedisPodView, master: string): boolean => p.reachable && p.role === 'slave' && p.masterHost === master && p.linkStatus === 'up';

export interface Health {
  master?: string;
  masterPod?: string;
  masterUp: boolean;
  linkedReplicas: RedisPodView[];
  sentinelsAgree: boolean;
  /**
   * Every Sentinel lists every linked replica as healthy and knows all the other Sentinels: only
   * then can the Sentinels agree that the master is down and promote a replica. Freshly started
   * Sentinels name the master from their config at once but learn replicas and each other over the
   * next seconds (INFO every 10 s, hello every 2 s); a master lost before that is not replaced.
   */
  sentinelsKnowAll: boolean;
  failoverInProgress: boolean;
  /** Master up, every replica linked, every Sentinel agrees and knows every replica and Sentinel. */
  healthy: boolean;
}

export function health(o: Observed): Health {
  const master = agreedMaster(o);
  const masterPod = podOfHost(o.spec, master);
  const mp = o.redis.find((p) => p.pod === masterPod);
  const masterUp = !!mp && mp.reachable && mp.role === 'master' && !mp.deleting;
  const linkedReplicas = master ? o.redis.filter((p) => p.pod !== masterPod && linked(p, master)) : [];
  const sentinelsAgree = o.sentinels.length === o.spec.sentinel.replicas && o.sentinels.every((s) => s.reachable && s.master === master);
  const hosts = linkedReplicas.map((p) => hostOfPod(o.spec, p.pod));
  const sentinelsKnowAll = o.sentinels.every((s) => hosts.every((h) => (s.healthyReplicas ?? []).includes(h)) && (s.otherSentinels ?? 0) >= o.spec.sentinel.replicas - 1);
  return {
    ...(master ? { master } : {}), ...(masterPod ? { masterPod } : {}), masterUp, linkedReplicas, sentinelsAgree, sentinelsKnowAll,
    failoverInProgress: o.sentinels.some((s) => s.failoverInProgress),
    healthy: masterUp && sentinelsAgree && linkedReplicas.length === o.spec.replicas - 1 && sentinelsKnowAll,
  };
}
