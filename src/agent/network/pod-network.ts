/** Where a pod's network lives: run its processes with `ip netns exec <netns>`; netns '' is the host's network (LoopbackPodNetwork). */
export interface PodAttachment {
  podUid: string;
  netns: string;
  ip: string;
  prefixLength: number;
  gateway: string;
}

/**
 * The pod network of one control plane: a bridge it owns and one network namespace per pod with
 * its own address on that bridge. Every method is idempotent, so a retry after a failure or a
 * crash converges.
 */
export interface PodNetwork {
  /** Creates the bridge with the gateway address and brings it up. */
  ensureBridge(): Promise<void>;
  /** Gives the pod a namespace and an address; returns the existing one if it has them. */
  attach(podUid: string): Promise<PodAttachment>;
  /** Removes the pod's namespace and veth and frees its address; nothing to do is fine. */
  detach(podUid: string): Promise<void>;
  /** After a restart: relearns the pods' addresses from their namespaces, removes half-made ones. */
  reclaim(): Promise<PodAttachment[]>;
  /** Removes every namespace and link with this network's prefix (shutdown, or after a crash). */
  cleanup(): Promise<void>;
}
