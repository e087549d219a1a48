import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../runtime/index.js';
import { desiredEndpoints } from './endpoints-controller.js';
import { buildSubsets, isManagedService, resolveTargetPort } from './subsets.js';

const service = (spec: KubeObject = {}, meta: KubeObject = {}): KubeObject => ({
  metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' }, ...meta },
  spec: { selector: { app: 'web' }, clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...spec },
});

interface PodOpts { ip?: string; ready?: boolean; phase?: string; deleting?: boolean; hostname?: string; subdomain?: string; nodeName?: string; ports?: KubeObject[] }

const pod = (name: string, o: PodOpts = {}): KubeObject => ({
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  spec: {
    containers: [{ name: 'c', image: 'x', ports: o.ports ?? [{ name: 'web', containerPort: 8080 }] }],
    ...(o.hostname ? { hostname: o.hostname } : {}),
    ...(o.subdomain ? { subdomain: o.subdomain } : {}),
    ...(o.nodeName ? { nodeName: o.nodeName } : {}),
  },
  status: {
    phase: o.phase ?? 'Running',
    ...(o.ip === '' ? {} : { podIP: o.ip ?? `10.244.0.${name.length}` }),
    conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
  },
});

describe('endpoints: subsets', () => {
  it('splits ready and not-ready pods, with target refs, node names and sorted addresses', () => {
    const subsets = buildSubsets(service(), [pod('b', { ip: '10.0.0.2', nodeName: 'node-1' }), pod('a', { ip: '10.0.0.1' }), pod('c', { ip: '10.0.0.3', ready: false })]);
    assert.deepEqual(subsets, [{
      addresses: [
        { ip: '10.0.0.1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' } },
        { ip: '10.0.0.2', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' } },
      ],
      notReadyAddresses: [{ ip: '10.0.0.3', targetRef: { kind: 'Pod', namespace: 'ns', name: 'c', uid: 'uid-c' } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    }]);
  });

  it('leaves out pods without an IP, finished pods and terminating pods', () => {
    const subsets = buildSubsets(service(), [pod('a', { ip: '' }), pod('b', { phase: 'Succeeded' }), pod('c', { deleting: true })]);
    assert.deepEqual(subsets, []);
  });

  it('publishes not-ready (and terminating) pods as ready when the service tolerates unready endpoints', () => {
    const pods = [pod('a', { ready: false }), pod('b', { deleting: true })];
    for (const svc of [service({ publishNotReadyAddresses: true }), service({}, { annotations: { 'service.alpha.kubernetes.io/tolerate-unready-endpoints': 'true' } })]) {
      const [subset] = buildSubsets(svc, pods);
      assert.equal(subset?.addresses?.length, 2);
      assert.equal(subset?.notReadyAddresses, undefined);
    }
  });

  it('resolves named target ports per pod and groups pods by the ports they resolve to', () => {
    const svc = service({ ports: [{ name: 'client', port: 2379, targetPort: 'client', protocol: 'TCP' }] });
    const a = pod('a', { ip: '10.0.0.1', ports: [{ name: 'client', containerPort: 2379 }] });
    const b = pod('b', { ip: '10.0.0.2', ports: [{ name: 'client', containerPort: 12379 }] });
    const c = pod('c', { ip: '10.0.0.3', ports: [{ name: 'other', containerPort: 1 }] });
    const subsets = buildSubsets(svc, [a, b, c]);
    assert.deepEqual(subsets.map((s) => [s.ports?.[0]?.port, s.addresses?.map((x) => x.ip)]), [[12379, ['10.0.0.2']], [2379, ['10.0.0.1']]]);
    assert.equal(resolveTargetPort(a, { port: 80, targetPort: 'client', protocol: 'UDP' }), undefined);
    assert.equal(resolveTargetPort(a, { port: 80 }), 80);
  });

  it('names pods for headless DNS only when their subdomain is this service', () => {
    const svc = service({ clusterIP: 'None', ports: [] });
    const [subset] = buildSubsets(svc, [pod('web-0', { hostname: 'web-0', subdomain: 'web' }), pod('other-0', { hostname: 'other-0', subdomain: 'other' })]);
    assert.deepEqual(subset?.addresses?.map((a) => a.hostname), ['web-0', undefined]);
    assert.equal(subset?.ports, undefined, 'a headless service without ports still lists addresses');
  });

  it('manages only services with a selector that are not ExternalName', () => {
    assert.equal(isManagedService(service()), true);
    assert.equal(isManagedService(service({ selector: undefined })), false);
    assert.equal(isManagedService(service({ selector: {} })), false);
    assert.equal(isManagedService(service({ type: 'ExternalName' })), false);
  });
});

describe('endpoints: the object to write', () => {
  it('creates one with the service labels, marks headless services, and writes nothing when unchanged', () => {
    const svc = service({ clusterIP: 'None' });
    const created = desiredEndpoints(svc, [pod('a')], undefined)!;
    assert.deepEqual(created['metadata'], { name: 'web', namespace: 'ns', labels: { app: 'web', 'service.kubernetes.io/headless': '' } });
    assert.equal(created['subsets'].length, 1);
    const stored = { ...created, metadata: { ...created['metadata'], resourceVersion: '7', annotations: { keep: 'me' } } };
    assert.equal(desiredEndpoints(svc, [pod('a')], stored), undefined);
    const updated = desiredEndpoints(svc, [], stored)!;
    assert.equal(updated['subsets'], undefined);
    assert.equal(updated['metadata'].resourceVersion, '7');
    assert.deepEqual(updated['metadata'].annotations, { keep: 'me' });
  });
});
