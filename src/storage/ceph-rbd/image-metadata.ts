/**
 * The back-link from an image to its PV and claim, in the image's metadata under the keys ceph-csi's
 * `--setmetadata` uses (the only way back from an image to the objects that own it), and the check
 * that decides whether an image found under a volume's name was made for that volume. Pure.
 */
export const metaPvName = 'csi.storage.k8s.io/pv/name';
export const metaClaimName = 'csi.storage.k8s.io/pvc/name';
export const metaClaimNamespace = 'csi.storage.k8s.io/pvc/namespace';

export interface BackLink {
  pvName: string;
  claimName: string;
  claimNamespace: string;
}

export function backLinkMetadata(link: BackLink): Record<string, string> {
  return { [metaPvName]: link.pvName, [metaClaimName]: link.claimName, [metaClaimNamespace]: link.claimNamespace };
}

/**
 * `ours`: made for this PV and claim (adopt it); `unlinked`: no back-link at all (an import that has
 * not written it yet, or an image someone made by hand); `other`: made for another PV or claim.
 */
export type BackLinkMatch = 'ours' | 'unlinked' | 'other';

export function matchBackLink(metadata: Readonly<Record<string, string>> | undefined, link: BackLink): BackLinkMatch {
  const m = metadata ?? {};
  if (m[metaPvName] === undefined && m[metaClaimName] === undefined && m[metaClaimNamespace] === undefined) return 'unlinked';
  const want = backLinkMetadata(link);
  return Object.entries(want).every(([k, v]) => m[k] === v) ? 'ours' : 'other';
}

export function describeBackLink(metadata: Readonly<Record<string, string>> | undefined): string {
  const m = metadata ?? {};
  return `claim ${m[metaClaimNamespace] ?? '?'}/${m[metaClaimName] ?? '?'} (PV ${m[metaPvName] ?? '?'})`;
}
