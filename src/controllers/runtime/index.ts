export * from './types.js';
export { ControllerManager, type ControllerManagerOptions } from './controller-manager.js';
export { LeaderElector, type LeaderElectionOptions } from './leader-election.js';
export { SharedInformer } from './shared-informer.js';
export { SharedInformerFactory } from './informer-factory.js';
export { WorkQueue } from './work-queue.js';
export { ApiEventRecorder } from './event-recorder.js';
