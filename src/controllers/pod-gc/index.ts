export { createPodGarbageCollector, type PodGcOptions } from './pod-gc-controller.js';
export { planPodGc, type PodGcDecision } from './plan.js';
