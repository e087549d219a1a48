/**
 * The image catalog contract. ordinal does not pull images: a container's image reference is mapped
 * to programs already installed on the host, and an image it cannot map fails the way a kubelet's
 * pull fails (ErrImagePull / InvalidImageName), so the Pod shows the same waiting reason.
 */
import type { ImageRef } from './image-ref.js';

/** What must exist on the host for an image to run, and the Debian package that provides it. */
export type HostRequirement =
  | { kind: 'binary'; name: string; package: string }
  | { kind: 'file'; path: string; package: string };

/** A host "image": the defaults a container image would carry, expressed with host programs. */
export interface HostImage {
  /** Catalog name, e.g. `redis`. */
  name: string;
  /** The default ENTRYPOINT (may be empty). */
  entrypoint: string[];
  /** The default CMD (may be empty). */
  cmd: string[];
  /** The default working directory ('' means: the runner decides, like an image without WORKDIR). */
  workingDir: string;
  /** Default environment (image ENV); container env overrides it by name. */
  env: Record<string, string>;
  requires: HostRequirement[];
  /** Facts a user may wonder about (how this differs from the upstream image). */
  notes: string;
}

/** The reasons a kubelet reports in containerStatuses[].state.waiting.reason. */
export type ImagePullReason = 'ErrImagePull' | 'InvalidImageName';

export interface ImagePullFailure {
  kind: ImagePullReason;
  message: string;
}

export interface ImageFound {
  kind: 'Found';
  ref: ImageRef;
  image: HostImage;
}

export type ImageResolution = ImageFound | ImagePullFailure;

/** Role: turn a container's `image` into a runnable host image, or a pull failure. */
export interface ImageCatalog {
  resolve(image: string): ImageResolution;
  /** Catalog names, sorted. */
  knownImages(): string[];
}

export function isImageFound(r: ImageResolution): r is ImageFound {
  return r.kind === 'Found';
}
