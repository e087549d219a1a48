export type { PodAttachment, PodNetwork } from './pod-network.js';
export { NetnsPodNetwork, type NetnsPodNetworkOptions } from './netns-pod-network.js';
export { LoopbackPodNetwork, isLoopbackAddress, isLoopbackCidr, loopbackCidrFor, type LoopbackPodNetworkOptions } from './loopback-pod-network.js';
export { Ipam } from './ipam.js';
export { NetworkError, isNetworkError } from './network-error.js';
export { runCommand, type RunCommand } from './run-command.js';
export { bridgeName, podNames, type PodNames } from './names.js';
