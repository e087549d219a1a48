/**
 * The Ceph roles every RBD part shares: which cluster (monitors), as whom (a cephx user and its
 * key), and a runner for the `ceph` and `rbd` command-line tools. Keys never appear on a command
 * line, in a log or in an error: the runner hands them to the tools in a 0600 keyring file.
 */

/** A Ceph cluster as clients reach it. */
export interface CephCluster {
  /** ceph-csi's clusterID (ordinal uses the fsid when it knows it). */
  clusterID: string;
  /** Monitor addresses as Ceph takes them in `mon host`: `127.0.0.1:6789`, `[v2:127.0.0.1:3300,v1:127.0.0.1:6789]`, or a bare IP. */
  monitors: string[];
}

/** A cephx identity: `user` without the `client.` prefix (as ceph-csi's userID and the in-tree adminId). */
export interface CephCredentials {
  user: string;
  /** The base64 cephx secret (what `ceph auth get-key` prints), or a keyring file on this host. */
  key?: string;
  keyringPath?: string;
}

/** A cluster plus who talks to it. */
export interface CephTarget {
  cluster: Pick<CephCluster, 'monitors'>;
  credentials: CephCredentials;
}

export interface CephRunOptions {
  /** Ends the tool (SIGKILL) after this long; default 60 s. Ceph itself gives up connecting after 10 s. */
  timeoutMs?: number;
}

/** Runs `ceph` and `rbd` against a target (role; CephCli implements it with the real tools). */
export interface CephRunner {
  /** `rbd ARGS` -> stdout; rejects with a CephCommandError carrying Ceph's own message. */
  rbd(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<string>;
  /** `rbd ARGS --format json` parsed. */
  rbdJson<T>(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<T>;
  /** `ceph ARGS` -> stdout. */
  ceph(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<string>;
  /** `ceph ARGS --format json` parsed. */
  cephJson<T>(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<T>;
}
