/**
 * Container image references, parsed like docker/distribution's `reference.ParseNormalizedNamed`:
 * `[registry[:port]/]path[:tag][@algorithm:hex]`. The first component is a registry only when it
 * contains `.` or `:` or is `localhost`; otherwise the registry is docker.io and a one-component
 * path gets the `library/` prefix. Without tag and digest the kubelet pulls `:latest`.
 */

export interface ImageRef {
  /** The reference as written in the Pod. */
  original: string;
  /** e.g. `docker.io`, `harbor.frognew.com`, `172.16.18.100:5000`. */
  registry: string;
  /** The path inside the registry, e.g. `library/redis`, `rg/redis`, `quay.io/coreos/etcd`. */
  repository: string;
  /** The last path component, e.g. `redis`: what the catalog matches on. */
  name: string;
  /** The tag, `latest` when neither a tag nor a digest is given; undefined with a digest only. */
  tag: string | undefined;
  digest: string | undefined;
  /** Fully qualified: `docker.io/library/redis:latest`. */
  normalized: string;
}

export type ImageRefResult = { ok: true; ref: ImageRef } | { ok: false; message: string };

const DEFAULT_REGISTRY = 'docker.io';
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const MAX_NAME = 255;

function invalid(original: string, why: string): ImageRefResult {
  return { ok: false, message: `Failed to apply default image tag "${original}": couldn't parse image name "${original}": ${why}` };
}

function splitRegistry(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    return { registry: first, repository: name.slice(slash + 1) };
  }
  return { registry: DEFAULT_REGISTRY, repository: name };
}

export function parseImageRef(original: string): ImageRefResult {
  if (original === '' || original.trim() !== original) return invalid(original, 'invalid reference format');
  let rest = original;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return invalid(original, 'invalid digest format');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return invalid(original, 'invalid tag format');
  }
  if (rest.length > MAX_NAME) return invalid(original, `repository name must not be more than ${MAX_NAME} characters`);
  let { registry, repository } = splitRegistry(rest);
  // `index.docker.io/redis` is docker.io too; a one-component docker.io name lives under library/.
  if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  if (!DOMAIN.test(registry)) return invalid(original, 'invalid reference format');
  const components = repository.split('/');
  if (components.some((c) => !PATH_COMPONENT.test(c))) {
    const upper = repository !== repository.toLowerCase();
    return invalid(original, upper ? 'repository name must be lowercase' : 'invalid reference format');
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  const name = components[components.length - 1] ?? repository;
  const normalized = `${registry}/${repository}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
  return { ok: true, ref: { original, registry, repository, name, tag, digest, normalized } };
}
