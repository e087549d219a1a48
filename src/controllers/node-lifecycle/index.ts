export { createNodeLifecycleController, type NodeLifecycleOptions } from './node-lifecycle-controller.js';
export { createTaintEvictionController, type TaintEvictionOptions } from './taint-eviction-controller.js';
export { agentStateAnnotation, stoppedAnnotation, type AgentState } from '../../lib/node-annotations.js';
export { isNodeReady } from './node-conditions.js';
export { outOfServiceTaintKey } from './node-taints.js';
export { planNode, type NodeAction, type NodePlan, type ObservedNode } from './plan.js';
export { planTaintEviction, type EvictionDecision } from './taint-eviction-plan.js';
