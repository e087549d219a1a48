import type { KubeClient } from '../../client/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

/**
 * The container a verb uses when -c is not given, as kubectl picks it: the default-container
 * annotation, else the first container; with more than one it says which on stderr.
 */
export async function defaultContainer(client: KubeClient, namespace: string, pod: string, note: (line: string) => void): Promise<string | undefined> {
  const obj = await client.request<Obj>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`);
  const containers: Obj[] = obj['spec']?.containers ?? [];
  const annotated = obj['metadata']?.annotations?.[defaultContainerAnnotation];
  if (typeof annotated === 'string' && containers.some((c) => c['name'] === annotated)) return annotated;
  const first = containers[0]?.['name'];
  if (typeof first !== 'string') return undefined;
  const all = [...containers.map((c) => String(c['name'])), ...((obj['spec']?.initContainers ?? []) as Obj[]).map((c) => `${String(c['name'])} (init)`)];
  if (all.length > 1) note(`Defaulted container "${first}" out of: ${all.join(', ')}\n`);
  return first;
}
