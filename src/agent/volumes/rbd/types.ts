/**
 * The RBD attach contract on a node: what a pod volume resolves to (an attach request), the role
 * that attaches it (RbdAttacher; RbdFuseAttacher implements it with rbd-fuse + a loop device +
 * mount), and who holds an attachment. The key travels only inside the request object and ends up
 * in a 0600 keyring file; it is never logged, never an argument and never in an error.
 */

/** What a volume source resolves to: one image, how to reach it, how to mount it. */
export interface RbdAttachRequest {
  /** The pod volume's name (for messages). */
  volume: string;
  pool: string;
  image: string;
  /** Monitor addresses as `mon host` takes them. */
  monitors: string[];
  /** cephx user without `client.`. */
  user: string;
  /** The base64 cephx key (from a Secret), or else a keyring file on this host. */
  key?: string;
  keyringPath?: string;
  /** ext4 (default), ext3, ext2 or xfs. */
  fsType: string;
  readOnly: boolean;
  /** The PersistentVolume this came from, if any (for the attach event). */
  persistentVolumeName?: string;
}

/** Who uses an attachment: one volume of one pod on one (virtual) node. */
export interface RbdUser {
  podUid: string;
  /** namespace/name, for messages and logs. */
  pod: string;
  volume: string;
  nodeName: string;
  readOnly: boolean;
}

export interface RbdAttachResult {
  /** The mounted filesystem: what the container bind-mounts. */
  hostPath: string;
  readOnly: boolean;
  /** True when this call started rbd-fuse and mounted (false: an attachment already on this host). */
  attachedNow: boolean;
  /** True when this pod's volume was not a user of the attachment before this call. */
  newUser: boolean;
}

/** Role: attaches RBD images on this host and releases them. */
export interface RbdAttacher {
  /** Attaches (or joins the pod's existing attachment); rejects with an RbdAttachError. */
  attach(request: RbdAttachRequest, user: RbdUser): Promise<RbdAttachResult>;
  /** Releases every attachment the pod holds (its containers have stopped). */
  detachPod(podUid: string): Promise<void>;
  /** Tears down what a previous server left (state under the attacher's root). */
  cleanup(): Promise<void>;
  /** Releases everything still attached (server shutdown). */
  shutdown(): Promise<void>;
}

/** What the pod worker hands prepareVolumes so rbd volumes can attach. */
export interface RbdVolumeHost {
  attacher: RbdAttacher;
  nodeName: string;
  /** An event on the pod (SuccessfulAttachVolume, SuccessfulMountVolume). */
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
}
