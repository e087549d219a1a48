import type { ClusterDnsInput, DnsServiceInput } from './types.js';

/** A headless StatefulSet Service like seed 001/003's redis-service, plus a ClusterIP Service. */
export function redisHeadless(publishNotReady = false): DnsServiceInput {
  return {
    name: 'redis-service',
    namespace: 'default',
    clusterIP: 'None',
    ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }],
    ready: [
      { ip: '10.244.0.10', hostname: 'redis-app-0' },
      { ip: '10.244.0.11', hostname: 'redis-app-1' },
    ],
    notReady: [{ ip: '10.244.0.12', hostname: 'redis-app-2' }],
    publishNotReady,
  };
}

export function clusterInput(): ClusterDnsInput {
  return {
    services: [
      redisHeadless(),
      { name: 'api', namespace: 'web', clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80 }, { port: 9090 }], ready: [{ ip: '10.244.0.20' }] },
    ],
    pods: [{ namespace: 'default', ip: '10.244.0.10' }],
  };
}
