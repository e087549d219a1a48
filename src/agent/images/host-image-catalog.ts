/**
 * HostImageCatalog: resolves an image reference to a host image (known-images.ts), checking that the
 * programs and files it needs are installed. A kubelet that cannot pull reports ErrImagePull (and
 * InvalidImageName for a reference it cannot parse); we report the same, with what to install.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseImageRef } from './image-ref.js';
import { DEFAULT_PATH, KNOWN_IMAGES, type KnownImage } from './known-images.js';
import type { HostImage, HostRequirement, ImageCatalog, ImageResolution } from './types.js';

export interface HostImageCatalogDeps {
  /** Is there an executable at this absolute path? */
  isExecutable(path: string): boolean;
  /** Is there a readable file at this absolute path? */
  isReadable(path: string): boolean;
  /** Directories searched for binaries. */
  searchPath: string[];
}

function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

export function defaultHostImageCatalogDeps(env: NodeJS.ProcessEnv = process.env): HostImageCatalogDeps {
  const dirs = [...(env.PATH ?? '').split(delimiter), ...DEFAULT_PATH.split(':')].filter((d) => d !== '');
  return {
    isExecutable: (p) => canAccess(p, constants.X_OK),
    isReadable: (p) => canAccess(p, constants.R_OK),
    searchPath: [...new Set(dirs)],
  };
}

export interface HostImageCatalogOptions {
  deps?: HostImageCatalogDeps;
  images?: readonly KnownImage[];
}

export class HostImageCatalog implements ImageCatalog {
  private readonly deps: HostImageCatalogDeps;
  private readonly byName = new Map<string, HostImage>();

  constructor(options: HostImageCatalogOptions = {}) {
    this.deps = options.deps ?? defaultHostImageCatalogDeps();
    for (const known of options.images ?? KNOWN_IMAGES) {
      for (const name of [known.image.name, ...known.aliases]) this.byName.set(name, known.image);
    }
  }

  knownImages(): string[] {
    return [...this.byName.keys()].sort();
  }

  resolve(image: string): ImageResolution {
    const parsed = parseImageRef(image);
    if (!parsed.ok) return { kind: 'InvalidImageName', message: parsed.message };
    const host = this.byName.get(parsed.ref.name);
    if (!host) {
      return {
        kind: 'ErrImagePull',
        message: `image "${image}" is not in ordinal's image catalog (known: ${this.knownImages().join(', ')}; matched by the last path component of the repository)`,
      };
    }
    const missing = host.requires.filter((r) => !this.isPresent(r));
    if (missing.length > 0) {
      const what = missing.map((r) => (r.kind === 'binary' ? `${r.name} (not on ${this.deps.searchPath.join(':')})` : r.path)).join(', ');
      const packages = [...new Set(missing.map((r) => r.package))].join(' ');
      return {
        kind: 'ErrImagePull',
        message: `image "${image}" runs on this host as ${host.name}, but ${what} is missing: install it with \`apt-get install ${packages}\``,
      };
    }
    return { kind: 'Found', ref: parsed.ref, image: host };
  }

  /** The absolute path of a binary on the search path, or undefined. */
  findBinary(name: string): string | undefined {
    if (name.includes('/')) return this.deps.isExecutable(name) ? name : undefined;
    for (const dir of this.deps.searchPath) {
      const candidate = join(dir, name);
      if (this.deps.isExecutable(candidate)) return candidate;
    }
    return undefined;
  }

  private isPresent(r: HostRequirement): boolean {
    return r.kind === 'binary' ? this.findBinary(r.name) !== undefined : this.deps.isReadable(r.path);
  }
}
