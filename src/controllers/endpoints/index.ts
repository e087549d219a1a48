export { createEndpointsController, desiredEndpoints } from './endpoints-controller.js';
export { buildSubsets } from './subsets.js';
