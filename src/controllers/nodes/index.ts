export { createVirtualNodes, type VirtualNodesOptions } from './virtual-nodes.js';
export { readHostFacts, type HostFacts } from './host-facts.js';
export { leaseNamespace, virtualNodeLabel, virtualNodeNames } from './node-object.js';
