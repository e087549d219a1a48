/** What a request URL addresses, parsed the way kube-apiserver's RequestInfoFactory does. */
export type RequestInfo =
  | { type: 'nonResource'; path: string }
  | { type: 'groupList' } // /apis
  | { type: 'coreVersions' } // /api
  | { type: 'group'; group: string } // /apis/<group>
  | { type: 'resourceList'; group: string; version: string } // /api/v1, /apis/<g>/<v>
  | {
      type: 'resource';
      group: string;
      version: string;
      resource: string;
      namespace: string | undefined;
      name: string | undefined;
      subresource: string | undefined;
      /** Legacy /watch/ path prefix. */
      watchPath: boolean;
    };

export function parseRequestPath(pathname: string): RequestInfo {
  const parts = pathname.split('/').filter((p) => p.length > 0).map((p) => decodeURIComponent(p));
  let rest: string[];
  let group: string;
  if (parts[0] === 'api') {
    if (parts.length === 1) return { type: 'coreVersions' };
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { type: 'groupList' };
    if (parts.length === 2) return { type: 'group', group: parts[1]! };
    group = parts[1]!;
    rest = parts.slice(2);
  } else {
    return { type: 'nonResource', path: pathname };
  }
  const version = rest[0]!;
  rest = rest.slice(1);
  if (rest.length === 0) return { type: 'resourceList', group, version };
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // /namespaces/<ns>/<resource>... addresses namespaced resources; /namespaces/<name>[/status|/finalize] a Namespace.
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  return {
    type: 'resource',
    group,
    version,
    resource: rest[0] ?? '',
    namespace,
    name: rest[1],
    subresource: rest.length > 2 ? rest.slice(2).join('/') : undefined,
    watchPath,
  };
}
