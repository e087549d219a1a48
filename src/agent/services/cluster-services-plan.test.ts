import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildClusterDnsRecords } from '../dns/index.js';
import type { KubeObject } from '../../controllers/runtime/index.js';
import { endpointsForPort, planClusterServices } from './cluster-services-plan.js';

const service = (name: string, spec: KubeObject, annotations?: Record<string, string>): KubeObject => ({
  metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec,
});
const endpoints = (name: string, subsets: KubeObject[]): KubeObject => ({ metadata: { name, namespace: 'default' }, subsets });
const addr = (ip: string, hostname?: string): KubeObject => ({ ip, ...(hostname ? { hostname } : {}) });
const pod = (ip: string, phase = 'Running'): KubeObject => ({ metadata: { name: `p${ip}`, namespace: 'default' }, spec: {}, status: { podIP: ip, phase } });

const redisHeadless = service('redis-service', { clusterIP: 'None', ports: [{ name: 'redis', port: 6379 }] });
const redisEndpoints = endpoints('redis-service', [{
  addresses: [addr('10.244.0.10', 'redis-app-0'), addr('10.244.0.11', 'redis-app-1')],
  notReadyAddresses: [addr('10.244.0.12', 'redis-app-2')],
  ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }],
}]);
const access = service('redis-access', { clusterIP: '10.96.0.7', type: 'NodePort', ports: [{ name: 'redis', port: 6379, targetPort: 6379, nodePort: 30079 }, { name: 'metrics', port: 9121, protocol: 'UDP' }] });
const accessEndpoints = endpoints('redis-access', [
  { addresses: [addr('10.244.0.11'), addr('10.244.0.10')], notReadyAddresses: [addr('10.244.0.12')], ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }, { name: 'metrics', port: 9121, protocol: 'UDP' }] },
  { addresses: [addr('10.244.0.13')], ports: [{ name: 'redis', port: 7000, protocol: 'TCP' }] },
]);

describe('planClusterServices', () => {
  it('serves headless pod names and SRV for ready endpoints only', () => {
    const plan = planClusterServices({ services: [redisHeadless], endpoints: [redisEndpoints], pods: [] });
    const records = buildClusterDnsRecords(plan.dns);
    const a = (name: string): string[] => records.lookup(`${name}.default.svc.cluster.local`, 'A').map((r) => (r.type === 'A' ? r.address : '')).sort();
    assert.deepEqual(a('redis-service'), ['10.244.0.10', '10.244.0.11']);
    assert.deepEqual(a('redis-app-0.redis-service'), ['10.244.0.10']);
    assert.deepEqual(a('redis-app-2.redis-service'), [], 'a not-ready pod is not in DNS');
    assert.equal(records.lookup('_redis._tcp.redis-service.default.svc.cluster.local', 'SRV').length, 2);
    assert.deepEqual(plan.proxy, [], 'headless services are not proxied');
  });

  it('serves not-ready addresses when the service publishes them or tolerates unready endpoints', () => {
    for (const svc of [
      service('redis-service', { ...redisHeadless['spec'], publishNotReadyAddresses: true }),
      service('redis-service', redisHeadless['spec'], { 'service.alpha.kubernetes.io/tolerate-unready-endpoints': 'true' }),
    ]) {
      const records = buildClusterDnsRecords(planClusterServices({ services: [svc], endpoints: [redisEndpoints], pods: [] }).dns);
      assert.equal(records.lookup('redis-app-2.redis-service.default.svc.cluster.local', 'A').length, 1);
    }
  });

  it('proxies ClusterIP ports to the ready endpoints of the matching endpoint port, with node ports', () => {
    const plan = planClusterServices({ services: [access, redisHeadless], endpoints: [accessEndpoints, redisEndpoints], pods: [] });
    assert.deepEqual(plan.proxy, [{
      namespace: 'default', name: 'redis-access', clusterIP: '10.96.0.7',
      ports: [
        { name: 'redis', port: 6379, protocol: 'TCP', nodePort: 30079, endpoints: [{ ip: '10.244.0.10', port: 6379 }, { ip: '10.244.0.11', port: 6379 }, { ip: '10.244.0.13', port: 7000 }] },
        { name: 'metrics', port: 9121, protocol: 'UDP', endpoints: [{ ip: '10.244.0.10', port: 9121 }, { ip: '10.244.0.11', port: 9121 }] },
      ],
    }]);
    const records = buildClusterDnsRecords(plan.dns);
    assert.deepEqual(records.lookup('redis-access.default.svc.cluster.local', 'A'), [{ type: 'A', name: 'redis-access.default.svc.cluster.local', address: '10.96.0.7' }]);
    assert.equal(records.lookup('_metrics._udp.redis-access.default.svc.cluster.local', 'SRV').length, 1);
  });

  it('matches unnamed ports and gives nothing without endpoints', () => {
    const port = { port: 80, targetPort: 8080 };
    assert.deepEqual(endpointsForPort(port, endpoints('x', [{ addresses: [addr('10.0.0.1')], ports: [{ port: 8080, protocol: 'TCP' }] }])), [{ ip: '10.0.0.1', port: 8080 }]);
    assert.deepEqual(endpointsForPort(port, undefined), []);
  });

  it('names running pods by address, in a custom zone', () => {
    const plan = planClusterServices({ services: [], endpoints: [], pods: [pod('10.244.0.5'), pod('10.244.0.6', 'Succeeded'), pod('')], zone: 'example.test' });
    const records = buildClusterDnsRecords(plan.dns);
    assert.deepEqual(records.all().map((r) => r.name), ['10-244-0-5.default.pod.example.test']);
  });
});
