export { createScheduler, schedulerName, type SchedulerOptions } from './scheduler.js';
export { schedulePod, type ScheduleResult } from './schedule.js';
export { buildSnapshot, type SnapshotInput } from './snapshot.js';
export type { ClusterSnapshot, NodeInfo, SchedulePlan } from './types.js';
export { quantityMilliValue, quantityValue } from '../../lib/quantity.js';
