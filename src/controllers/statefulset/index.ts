export { createStatefulSetController, StatefulSetSyncError } from './controller.js';
export { planStatefulSet } from './plan.js';
export { fetchObserved } from './observe.js';
export { formatPlan, summarizeActions } from './format-plan.js';
export type { Action, Observed, Plan, StatefulSetStatus, Wait, WaitReason } from './types.js';
