/** A pod volume ready to be bind-mounted: a host file or directory that exists. */
export interface PreparedVolume {
  hostPath: string;
  /** configMap, secret, downwardAPI and projected volumes are read-only, as on a kubelet. */
  readOnly: boolean;
}

export type PreparedVolumes = Map<string, PreparedVolume>;

/** What refreshVolumes did: names republished, and volumes whose source could not be read. */
export interface RefreshResult {
  changed: string[];
  failures: Array<{ volume: string; error: Error }>;
}
