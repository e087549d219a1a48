export type { ProxiedPort, ProxiedService, ProxyEndpoint, ProxyProblem, ProxyProtocol, ProxySyncResult, ServiceProxy } from './types.js';
export { UserspaceServiceProxy, isProxiedClusterIP, type UserspaceServiceProxyOptions } from './userspace-service-proxy.js';
export { TcpPortProxy, type PortProxy, type PortProxyOptions } from './tcp-port-proxy.js';
export { UdpPortProxy, type UdpPortProxyOptions } from './udp-port-proxy.js';
export { EndpointRotation } from './endpoint-rotation.js';
export { planClusterServices, endpointsForPort, publishesNotReady, type ClusterServicesInput, type ClusterServicesPlan } from './cluster-services-plan.js';
export { createClusterServicesController, clusterServicesKey, type ClusterServicesControllerOptions, type DnsRecordSink } from './cluster-services-controller.js';
export { startClusterNetwork, type ClusterNetwork, type ClusterNetworkOptions } from './cluster-network.js';
export { ServiceNetworkError } from './service-network-error.js';
