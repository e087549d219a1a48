// StatefulSets through every core controller at once (scheduler, volumes, StatefulSet, endpoints,
// disruption), the test playing the kubelet for pods that get scheduled: seed 001's spreading, the
// claims of `web` provisioned and bound, required anti-affinity beyond the node count, and seed 003's
// cordon + delete moving a pod to another node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../src/client/index.js';
import { SharedInformerFactory } from '../src/controllers/runtime/index.js';
import { silentLogger } from '../src/lib/log.js';
import { eventually } from './support/kube.js';
import { finishPodDeletion, setPodRunning } from './support/kubelet.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let server: ServerProcess;
let client: KubeClient;
let informers: SharedInformerFactory;
const ns = 'e2e';

before(async () => {
  server = await startServerProcess({ extraArgs: ['--nodes', '3'] });
  client = await KubeClient.fromFile(server.kubeconfigPath);
  await client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
  // the kubelet: scheduled pods become Running and Ready; terminating ones go away
  informers = new SharedInformerFactory(client, silentLogger());
  const pods = informers.informer('/api/v1/pods');
  const busy = new Set<string>();
  const play = (pod: Obj): void => {
    const key = `${pod['metadata'].namespace}/${pod['metadata'].name}/${pod['metadata'].uid}`;
    if (busy.has(key) || !pod['spec']?.nodeName) return;
    if (pod['metadata'].deletionTimestamp) {
      busy.add(key);
      void finishPodDeletion(client, pod['metadata'].namespace, pod['metadata'].name).finally(() => busy.delete(key));
    } else if (pod['status']?.phase !== 'Running') {
      busy.add(key);
      void setPodRunning(client, pod['metadata'].namespace, pod['metadata'].name).catch(() => undefined).finally(() => busy.delete(key));
    }
  };
  pods.on({ add: play, update: (_o, p) => play(p) });
  informers.start();
  await informers.waitForSync();
  await eventually(async () => ((await client.request<Obj>('GET', '/api/v1/nodes')).items.length === 3 ? true : undefined), 'three nodes');
});
after(async () => {
  informers?.stop();
  client?.close();
  await server?.cleanup();
});

function sts(name: string, replicas: number, spec: Obj = {}, claim = false): Obj {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
    spec: {
      serviceName: name, replicas, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'redis:7' }], ...spec } },
      ...(claim ? { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } : {}),
    },
  };
}

const podsOf = async (app: string): Promise<Obj[]> => (await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/pods`, { query: { labelSelector: `app=${app}` } })).items;
const antiAffinity = (app: string, kind: 'required' | 'preferred'): Obj => {
  const term = { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' };
  return { affinity: { podAntiAffinity: kind === 'required' ? { requiredDuringSchedulingIgnoredDuringExecution: [term] } : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } } };
};

describe('StatefulSets end to end', () => {
  it('web: claims www-web-0..2 are provisioned by local-path and bound, pods Ready', async () => {
    await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { body: { ...sts('web', 3, {}, true), spec: { ...sts('web', 3, {}, true)['spec'], podManagementPolicy: 'OrderedReady' } } });
    await eventually(async () => {
      const claims = (await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`)).items.filter((c: Obj) => c['metadata'].name.startsWith('www-web-'));
      return claims.length === 3 && claims.every((c: Obj) => c['status']?.phase === 'Bound') ? true : undefined;
    }, 'three bound claims', 30_000);
    const set = await eventually(async () => {
      const s = await client.request<Obj>('GET', `/apis/apps/v1/namespaces/${ns}/statefulsets/web`);
      return s['status']?.readyReplicas === 3 ? s : undefined;
    }, 'web ready 3/3', 30_000);
    assert.equal(set['status'].currentRevision, set['status'].updateRevision);
    for (const p of await podsOf('web')) {
      const claim = await client.request<Obj>('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/www-${p['metadata'].name}`);
      const pv = await client.request<Obj>('GET', `/api/v1/persistentvolumes/${claim['spec'].volumeName}`);
      const pinned = pv['spec'].nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values?.[0];
      assert.equal(pinned, p['spec'].nodeName, `${p['metadata'].name}'s volume is on its node`);
    }
  });

  it('seed 001: 6 replicas with preferred anti-affinity spread 2-2-2 over 3 nodes', async () => {
    await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { body: sts('redis-app', 6, antiAffinity('redis-app', 'preferred')) });
    const pods = await eventually(async () => {
      const ps = await podsOf('redis-app');
      return ps.length === 6 && ps.every((p) => p['spec'].nodeName) ? ps : undefined;
    }, 'six placed pods', 30_000);
    const perNode = new Map<string, number>();
    for (const p of pods) perNode.set(p['spec'].nodeName, (perNode.get(p['spec'].nodeName) ?? 0) + 1);
    assert.deepEqual([...perNode.values()].sort(), [2, 2, 2]);
  });

  it('required anti-affinity with 4 replicas on 3 nodes leaves one Pending with the reason', async () => {
    await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { body: sts('zk', 4, antiAffinity('zk', 'required')) });
    const message = await eventually(async () => {
      const ps = await podsOf('zk');
      const pending = ps.filter((p) => !p['spec'].nodeName);
      if (ps.length !== 4 || pending.length !== 1) return undefined;
      const cond = (pending[0]!['status']?.conditions ?? []).find((c: Obj) => c['type'] === 'PodScheduled');
      return cond?.status === 'False' ? (cond.message as string) : undefined;
    }, 'one zk pod Pending', 30_000);
    assert.match(message, /0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules/);
  });

  it('seed 003: cordon a node and delete its pod - the StatefulSet brings it back on another node', async () => {
    // 2 members with required anti-affinity on 3 nodes: one node is free for the move
    await client.request('POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { body: sts('mv', 2, antiAffinity('mv', 'required')) });
    const victim = await eventually(async () => (await podsOf('mv')).find((p) => p['metadata'].name === 'mv-0' && p['spec'].nodeName && p['status']?.phase === 'Running'), 'mv-0 running', 30_000);
    const from = victim['spec'].nodeName as string;
    await client.request('PATCH', `/api/v1/nodes/${from}`, { body: { spec: { unschedulable: true } }, contentType: 'application/merge-patch+json' });
    await client.request('DELETE', `/api/v1/namespaces/${ns}/pods/mv-0`);
    const moved = await eventually(async () => {
      const p = (await podsOf('mv')).find((x) => x['metadata'].name === 'mv-0' && x['metadata'].uid !== victim['metadata'].uid);
      return p?.['spec'].nodeName ? p : undefined;
    }, 'mv-0 recreated and placed', 30_000);
    assert.notEqual(moved['spec'].nodeName, from, 'mv-0 moved away from the cordoned node');
    const other = (await podsOf('mv')).find((x) => x['metadata'].name === 'mv-1')!;
    assert.notEqual(moved['spec'].nodeName, other['spec'].nodeName, 'and still apart from mv-1');
    await client.request('PATCH', `/api/v1/nodes/${from}`, { body: { spec: { unschedulable: null } }, contentType: 'application/merge-patch+json' });
  });
});
