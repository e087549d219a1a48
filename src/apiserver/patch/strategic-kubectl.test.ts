import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

/**
 * Patches shaped like the three-way patches `kubectl apply` sends (written by hand from
 * kubectl's behaviour), applied to a StatefulSet like the one the seed creates.
 */

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const stsKind = { group: 'apps', kind: 'StatefulSet' };
const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

function statefulSet(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: 'redis',
      namespace: 'default',
      uid: 'a1b2',
      resourceVersion: '41',
      labels: { app: 'redis', team: 'cache' },
      annotations: { [lastApplied]: '{"old":true}' },
      finalizers: ['ordinal.dev/protect'],
    },
    spec: {
      replicas: 1,
      serviceName: 'redis',
      selector: { matchLabels: { app: 'redis' } },
      template: {
        metadata: { labels: { app: 'redis' } },
        spec: {
          containers: [
            {
              name: 'redis',
              image: 'redis:6',
              env: [{ name: 'MODE', value: 'standalone' }, { name: 'OLD', value: 'x' }],
              ports: [{ containerPort: 6379, name: 'redis', protocol: 'TCP' }],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
            { name: 'injected', image: 'mesh:1' },
          ],
          volumes: [{ name: 'conf', configMap: { name: 'redis-conf' } }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    },
    status: { replicas: 1, readyReplicas: 1, conditions: [{ type: 'Available', status: 'True' }] },
  };
}

function apply(patch: unknown, doc: Obj = statefulSet()): Obj {
  return applyStrategicMergePatch(doc, patch, stsKind) as Obj;
}

describe('strategic merge patch: StatefulSet and kubectl apply', () => {
  it('changes a container image deep inside spec.template.spec', () => {
    const out = apply({ spec: { template: { spec: { containers: [{ name: 'redis', image: 'redis:7' }] } } } });
    const want = statefulSet();
    want['spec'].template.spec.containers[0].image = 'redis:7';
    assert.deepEqual(out, want);
  });

  it('applies the patch kubectl apply sends when replicas and the image are edited', () => {
    const patch = {
      metadata: { annotations: { [lastApplied]: '{"new":true}' } },
      spec: {
        replicas: 3,
        template: { spec: { '$setElementOrder/containers': [{ name: 'redis' }], containers: [{ image: 'redis:7', name: 'redis' }] } },
      },
    };
    const out = apply(patch);
    const want = statefulSet();
    want['metadata'].annotations[lastApplied] = '{"new":true}';
    want['spec'].replicas = 3;
    want['spec'].template.spec.containers[0].image = 'redis:7';
    assert.deepEqual(out, want, 'the server-only container keeps its place; status is untouched');
    assert.deepEqual(apply(patch, out), out, 'applying the same patch again changes nothing');
  });

  it('applies a three-way patch that adds, removes and reorders', () => {
    const patch = {
      metadata: { labels: { team: null }, '$deleteFromPrimitiveList/finalizers': ['ordinal.dev/protect'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'exporter' }, { name: 'redis' }],
            containers: [
              { name: 'exporter', image: 'exporter:1', ports: [{ containerPort: 9121 }] },
              { name: 'redis', '$setElementOrder/env': [{ name: 'MODE' }, { name: 'NEW' }], env: [{ $patch: 'delete', name: 'OLD' }, { name: 'NEW', value: 'y' }] },
            ],
            '$setElementOrder/volumes': [{ name: 'conf' }],
            volumes: [{ $retainKeys: ['name', 'secret'], configMap: null, name: 'conf', secret: { secretName: 'redis-conf' } }],
          },
        },
        updateStrategy: { $retainKeys: ['type'], type: 'OnDelete' },
      },
    };
    const out = apply(patch);
    assert.deepEqual(out['metadata'].labels, { app: 'redis' });
    assert.deepEqual(out['metadata'].finalizers, []);
    const containers = out['spec'].template.spec.containers;
    assert.deepEqual(containers.map((c: Obj) => c['name']), ['exporter', 'redis', 'injected']);
    assert.deepEqual(containers[1].env, [{ name: 'MODE', value: 'standalone' }, { name: 'NEW', value: 'y' }]);
    assert.deepEqual(containers[1].ports, statefulSet()['spec'].template.spec.containers[0].ports);
    assert.deepEqual(out['spec'].template.spec.volumes, [{ name: 'conf', secret: { secretName: 'redis-conf' } }]);
    assert.deepEqual(out['spec'].updateStrategy, { type: 'OnDelete' });
    assert.equal(JSON.stringify(out).includes('$'), false, 'no directive survives');
    assert.deepEqual(apply(patch, out), out, 'idempotent');
  });

  it('replaces volumeClaimTemplates, which have no patch strategy', () => {
    const out = apply({ spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '5Gi' } } } }] } });
    assert.deepEqual(out['spec'].volumeClaimTemplates, [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '5Gi' } } } }]);
  });

  it('merges status conditions on type', () => {
    const out = apply({ status: { conditions: [{ type: 'Progressing', status: 'True' }], readyReplicas: 0 } });
    assert.deepEqual(out['status'].conditions.map((c: Obj) => c['type']), ['Progressing', 'Available']);
    assert.equal(out['status'].readyReplicas, 0);
  });
});
