import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resource, seedPod, seedStatefulSet } from '../validation/test-fixtures.js';
import { applyDefaults, defaultPullPolicy } from './index.js';
import type { JsonObject } from '../validation/json-value.js';

describe('applyDefaults', () => {
  it('defaults the seed StatefulSet like kube-apiserver', () => {
    const obj = seedStatefulSet();
    applyDefaults(resource('StatefulSet'), obj);
    const { spec } = obj;
    assert.equal(spec.replicas, 2);
    assert.equal(spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
    const podSpec = spec.template.spec;
    assert.equal(podSpec.restartPolicy, 'Always');
    assert.equal(podSpec.dnsPolicy, 'ClusterFirst');
    assert.equal(podSpec.schedulerName, 'default-scheduler');
    assert.equal(podSpec.terminationGracePeriodSeconds, 30);
    assert.deepEqual(podSpec.securityContext, {});
    assert.equal(podSpec.enableServiceLinks, undefined, 'enableServiceLinks is a Pod default, not a template default');
    const c = podSpec.containers[0];
    assert.equal(c.terminationMessagePath, '/dev/termination-log');
    assert.equal(c.terminationMessagePolicy, 'File');
    assert.equal(c.imagePullPolicy, 'IfNotPresent');
    assert.equal(c.ports[0].protocol, 'TCP');
    assert.deepEqual(spec.volumeClaimTemplates[0], {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'redis-volume' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    assert.deepEqual(Object.keys(spec.volumeClaimTemplates[0]).slice(0, 2), ['apiVersion', 'kind']);
  });

  it('replaces nulls and keeps user values', () => {
    const obj = seedStatefulSet();
    obj.spec.replicas = null;
    obj.spec.updateStrategy = { type: 'OnDelete' };
    applyDefaults(resource('StatefulSet'), obj);
    assert.equal(obj.spec.replicas, 1);
    assert.deepEqual(obj.spec.updateStrategy, { type: 'OnDelete' });
  });

  it('defaults pods, containers, probes and volumes', () => {
    const obj = seedPod();
    const c = obj.spec.containers[0];
    c.image = 'redis';
    c.resources = { limits: { cpu: '1' } };
    c.livenessProbe = { httpGet: { port: 8080 } };
    c.env = [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
    obj.spec.volumes = [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'cfg' } }, { name: 's', secret: { secretName: 's' } }];
    applyDefaults(resource('Pod'), obj);
    assert.equal(c.imagePullPolicy, 'Always');
    assert.deepEqual(c.resources, { limits: { cpu: '1' }, requests: { cpu: '1' } });
    assert.deepEqual(c.livenessProbe, { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
    assert.deepEqual(obj.spec.volumes, [
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 's', secret: { secretName: 's', defaultMode: 420 } },
    ]);
    assert.equal(obj.spec.enableServiceLinks, true);
    assert.equal(obj.spec.priority, 0);
    assert.equal(obj.spec.serviceAccountName, 'default');
  });

  it('chooses the image pull policy from the tag', () => {
    assert.equal(defaultPullPolicy('redis'), 'Always');
    assert.equal(defaultPullPolicy('redis:latest'), 'Always');
    assert.equal(defaultPullPolicy('harbor.frognew.com:5000/rg/redis'), 'Always');
    assert.equal(defaultPullPolicy('harbor.frognew.com:5000/rg/redis:1.0'), 'IfNotPresent');
    assert.equal(defaultPullPolicy('redis@sha256:abc'), 'IfNotPresent');
  });

  it('defaults services', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis', namespace: 'devops' }, spec: { clusterIP: 'None', selector: { app: 'redis' }, ports: [{ port: 6379 }] } };
    applyDefaults(resource('Service'), svc);
    assert.deepEqual(svc.spec, {
      clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'redis' }, ports: [{ port: 6379, protocol: 'TCP', targetPort: 6379 }],
      type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
    });
  });

  it('defaults storage kinds', () => {
    const pvc: JsonObject = { spec: { accessModes: ['ReadWriteOnce'] } };
    applyDefaults(resource('PersistentVolumeClaim'), pvc);
    assert.deepEqual(pvc, { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    const pv: JsonObject = { spec: { hostPath: { path: '/x' } } };
    applyDefaults(resource('PersistentVolume'), pv);
    assert.deepEqual(pv, { spec: { hostPath: { path: '/x', type: '' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    const sc: JsonObject = { provisioner: 'ordinal.io/local-path' };
    applyDefaults(resource('StorageClass'), sc);
    assert.deepEqual(sc, { provisioner: 'ordinal.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  it('defaults namespaces, secrets and CRDs', () => {
    const ns: JsonObject = { metadata: { name: 'devops' } };
    applyDefaults(resource('Namespace'), ns);
    assert.deepEqual(ns, { metadata: { name: 'devops', labels: { 'kubernetes.io/metadata.name': 'devops' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    const secret: JsonObject = { stringData: { password: 'pass' } };
    applyDefaults(resource('Secret'), secret);
    assert.deepEqual(secret, { type: 'Opaque', data: { password: 'cGFzcw==' } });
    const crd: JsonObject = { spec: { names: { kind: 'RedisCluster', plural: 'redisclusters' } } };
    applyDefaults(resource('CustomResourceDefinition'), crd);
    assert.deepEqual(crd.spec, { names: { kind: 'RedisCluster', plural: 'redisclusters', singular: 'rediscluster', listKind: 'RedisClusterList' }, conversion: { strategy: 'None' } });
  });

  it('does not throw on badly typed input', () => {
    const obj = seedStatefulSet();
    obj.spec.template = 'nope';
    obj.spec.volumeClaimTemplates = 3;
    assert.doesNotThrow(() => applyDefaults(resource('StatefulSet'), obj));
  });
});
