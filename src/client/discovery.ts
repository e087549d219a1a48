import type { KubeClient } from './kube-client.js';
import type { ApiResource, DiscoveredGroup, DiscoveredGroupVersion, DiscoveryDoc } from './resource-types.js';

interface ApiResourceList {
  groupVersion?: string;
  resources?: ApiResource[];
}

interface ApiGroupList {
  groups?: Array<{ name: string; versions?: Array<{ version: string }>; preferredVersion?: { version: string } }>;
}

interface ApiVersions {
  versions?: string[];
}

/** Read the whole discovery tree: /api, /api/VERSION, /apis, /apis/GROUP/VERSION. */
export async function discover(client: KubeClient): Promise<DiscoveryDoc> {
  const [core, apis] = await Promise.all([client.request<ApiVersions>('GET', '/api'), client.request<ApiGroupList>('GET', '/apis')]);
  const fetchVersion = async (path: string, version: string): Promise<DiscoveredGroupVersion | undefined> => {
    try {
      const list = await client.request<ApiResourceList>('GET', path);
      return { version, resources: list.resources ?? [] };
    } catch {
      // One broken group (an unavailable aggregated API, say) must not hide the others.
      return undefined;
    }
  };
  const coreVersions = core.versions ?? ['v1'];
  const groupsSpec: Array<{ name: string; preferred: string; versions: string[] }> = [
    { name: '', preferred: coreVersions[0] ?? 'v1', versions: coreVersions },
    ...(apis.groups ?? []).map((g) => {
      const versions = (g.versions ?? []).map((v) => v.version);
      return { name: g.name, preferred: g.preferredVersion?.version ?? versions[0] ?? '', versions };
    }),
  ];
  const groups: DiscoveredGroup[] = await Promise.all(
    groupsSpec.map(async (g) => {
      const versions = await Promise.all(g.versions.map((v) => fetchVersion(g.name ? `/apis/${g.name}/${v}` : `/api/${v}`, v)));
      return { name: g.name, preferredVersion: g.preferred, versions: versions.filter((v): v is DiscoveredGroupVersion => v !== undefined) };
    }),
  );
  return { groups };
}
