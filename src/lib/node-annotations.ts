/**
 * The annotations `ordinal node stop|start` and the node agent talk through, on the Node. The CLI
 * sets (or removes) `stopped`; the agent acknowledges with `agent-state` once it has acted.
 */
export const stoppedAnnotation = 'node.ordinal.dev/stopped';
export const agentStateAnnotation = 'node.ordinal.dev/agent-state';

export type AgentState = 'running' | 'stopped';
