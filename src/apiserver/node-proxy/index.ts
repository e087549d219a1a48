export { handleStreamUpgrade, streamRequestWithoutUpgrade } from './exec-proxy.js';
export { kubeletAddress, locateKubelet, validateContainer, type KubeletLocation } from './kubelet-location.js';
export { proxyPodLogs } from './log-proxy.js';
