export { KubeletServer, parseExecStreams, parseStreamPath, type KubeletServerOptions } from './kubelet-server.js';
export { StreamError, type ContainerLogRef, type PodStreams } from './types.js';
