export { startAgentHost, type AgentHostOptions, type RunningAgentHost } from './agent-host.js';
export { NodeAgent } from './node-agent.js';
export { buildPodStatus, podPhase, qosClass } from './pod-status.js';
export { detectAgentMode, lostNotice, type AgentMode } from './host-capabilities.js';
