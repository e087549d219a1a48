import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTable } from './build-table.js';
import { ago, days, now, resourceInfo } from './fixtures.js';
import type { KubeObject } from '../../store/types.js';

function service(spec: KubeObject, status: KubeObject = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis', namespace: 'default', creationTimestamp: ago(days(2)) }, spec, status };
}

function cells(obj: KubeObject, resource = 'services', kind = 'Service') {
  return buildTable(resourceInfo('', resource, kind), [obj], { includeObject: 'None', now }).rows[0]!.cells;
}

test('a headless service', () => {
  const svc = service({
    type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'],
    ports: [{ name: 'redis', port: 6379, targetPort: 6379, protocol: 'TCP' }, { name: 'bus', port: 16379, protocol: 'TCP' }],
    selector: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cache' },
  });
  assert.deepEqual(cells(svc), ['redis', 'ClusterIP', 'None', '<none>', '6379/TCP,16379/TCP', '2d', 'app.kubernetes.io/instance=cache,app.kubernetes.io/name=redis']);
});

test('NodePort, LoadBalancer and ExternalName services', () => {
  const nodePort = service({ type: 'NodePort', clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] });
  assert.deepEqual(cells(nodePort).slice(1, 5), ['NodePort', '10.96.0.20', '<none>', '80:30080/TCP,53/UDP']);
  assert.equal(cells(nodePort)[6], '<none>');

  const pending = service({ type: 'LoadBalancer', clusterIP: '10.96.0.21', ports: [{ port: 443, nodePort: 31443 }] });
  assert.deepEqual(cells(pending).slice(2, 5), ['10.96.0.21', '<pending>', '443:31443/TCP']);
  const assigned = service({ type: 'LoadBalancer', clusterIPs: ['10.96.0.21'], externalIPs: ['192.0.2.9'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.5' }, { hostname: 'lb.example.com' }] } });
  assert.deepEqual(cells(assigned).slice(3, 5), ['203.0.113.5,lb.example.com,192.0.2.9', '<none>']);

  const external = service({ type: 'ExternalName', externalName: 'db.example.com' });
  assert.deepEqual(cells(external).slice(1, 4), ['ExternalName', '<none>', 'db.example.com']);
});

test('endpoints list at most three addresses', () => {
  const ep = {
    metadata: { name: 'redis', creationTimestamp: ago(days(2)) },
    subsets: [{
      addresses: [{ ip: '10.42.0.7' }, { ip: '10.42.0.8' }],
      notReadyAddresses: [{ ip: '10.42.0.9' }],
      ports: [{ name: 'redis', port: 6379 }, { name: 'bus', port: 16379 }],
    }],
  };
  assert.deepEqual(cells(ep, 'endpoints', 'Endpoints'), ['redis', '10.42.0.7:6379,10.42.0.8:6379,10.42.0.7:16379 + 1 more...', '2d']);
  assert.equal(cells({ metadata: { name: 'x' } }, 'endpoints', 'Endpoints')[1], '<none>');
  assert.equal(cells({ metadata: { name: 'x' }, subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 2181 }] }] }, 'endpoints', 'Endpoints')[1], '[fd00::1]:2181');
  assert.equal(cells({ metadata: { name: 'x' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] }, 'endpoints', 'Endpoints')[1], '10.0.0.1');
});
