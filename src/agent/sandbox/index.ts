export type * from './types.js';
export { BwrapContainerSandbox, type BwrapContainerSandboxOptions } from './bwrap-container-sandbox.js';
export { SandboxError, isSandboxError } from './sandbox-error.js';
export { planMounts, defaultHostShared, type MountPlan, type MountPlanInput } from './mount-plan.js';
export { defaultPath } from './resolve-executable.js';
export { loadNodePty, type TtyBackend } from './tty-exec.js';
