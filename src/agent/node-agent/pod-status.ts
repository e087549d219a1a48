/**
 * The pod status a kubelet posts, computed from what the agent observed (pure). Phase follows the
 * kubelet's getPhase; conditions keep their lastTransitionTime while their status holds.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { deepEqual } from '../../lib/deep-equal.js';

export interface WaitingState { waiting: { reason: string; message?: string } }
export interface RunningState { running: { startedAt: string } }
export interface TerminatedState {
  terminated: { exitCode: number; reason: string; message?: string; signal?: number; startedAt?: string; finishedAt: string; containerID?: string };
}
export type ContainerState = WaitingState | RunningState | TerminatedState;

export interface ObservedContainer {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  state: ContainerState;
  lastState?: ContainerState;
  restartCount: number;
  ready: boolean;
  started: boolean;
}

export interface ObservedPod {
  /** Network and volumes are set up (PodReadyToStartContainers). */
  sandboxReady: boolean;
  podIP?: string;
  hostIP: string;
  startTime?: string;
  initContainers: ObservedContainer[];
  containers: ObservedContainer[];
  /** Every init container has completed successfully. */
  initDone: boolean;
}

export function isWaiting(s: ContainerState | undefined): s is WaitingState {
  return s !== undefined && 'waiting' in s;
}
export function isRunning(s: ContainerState | undefined): s is RunningState {
  return s !== undefined && 'running' in s;
}
export function isTerminated(s: ContainerState | undefined): s is TerminatedState {
  return s !== undefined && 'terminated' in s;
}

/** Kubernetes' time format for status fields (seconds precision, Z). */
export function kubeTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The kubelet's getPhase for the regular containers. */
export function podPhase(restartPolicy: string, observed: ObservedPod): string {
  if (!observed.initDone) {
    const failedInit = observed.initContainers.some((c) => isTerminated(c.state) && c.state.terminated.exitCode !== 0);
    return failedInit && restartPolicy === 'Never' ? 'Failed' : 'Pending';
  }
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of observed.containers) {
    if (isRunning(c.state)) running++;
    else if (isTerminated(c.state)) {
      stopped++;
      if (c.state.terminated.exitCode === 0) succeeded++;
    } else if (isTerminated(c.lastState)) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(old: KubeObject[], type: string, status: boolean, now: string, reason?: string): KubeObject {
  const s = status ? 'True' : 'False';
  const prior = old.find((c) => c['type'] === type);
  const lastTransitionTime = prior?.['status'] === s && prior['lastTransitionTime'] ? prior['lastTransitionTime'] : now;
  return { type, status: s, lastProbeTime: null, lastTransitionTime, ...(reason && !status ? { reason } : {}) };
}

function containerStatus(c: ObservedContainer): KubeObject {
  return {
    name: c.name,
    image: c.image,
    imageID: c.imageID,
    ...(c.containerID ? { containerID: c.containerID } : {}),
    state: c.state,
    lastState: c.lastState ?? {},
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.started,
  };
}

/** The whole status to post (PUT/merge onto pods/status). */
export function buildPodStatus(pod: KubeObject, observed: ObservedPod, now: Date): KubeObject {
  const old: KubeObject[] = pod['status']?.conditions ?? [];
  const t = kubeTime(now);
  const phase = podPhase(pod['spec']?.restartPolicy ?? 'Always', observed);
  const containersReady = observed.initDone && observed.containers.length > 0 && observed.containers.every((c) => c.ready);
  const readinessGates: KubeObject[] = pod['spec']?.readinessGates ?? [];
  const gatesOk = readinessGates.every((g) => old.some((c) => c['type'] === g['conditionType'] && c['status'] === 'True'));
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const ours = new Set(['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready']);
  const conditions = [
    condition(old, 'PodReadyToStartContainers', observed.sandboxReady && !terminal, t),
    condition(old, 'Initialized', observed.initDone, t, 'ContainersNotInitialized'),
    condition(old, 'ContainersReady', containersReady && !terminal, t, terminal ? 'PodCompleted' : 'ContainersNotReady'),
    condition(old, 'Ready', containersReady && gatesOk && !terminal, t, terminal ? 'PodCompleted' : 'ContainersNotReady'),
    ...old.filter((c) => !ours.has(c['type'])),
  ];
  const ips = observed.podIP ? [{ ip: observed.podIP }] : [];
  return {
    phase,
    conditions,
    hostIP: observed.hostIP,
    hostIPs: [{ ip: observed.hostIP }],
    ...(observed.podIP ? { podIP: observed.podIP, podIPs: ips } : {}),
    ...(observed.startTime ? { startTime: observed.startTime } : {}),
    ...(observed.initContainers.length ? { initContainerStatuses: observed.initContainers.map(containerStatus) } : {}),
    containerStatuses: observed.containers.map(containerStatus),
    qosClass: pod['status']?.qosClass ?? qosClass(pod),
  };
}

/** Guaranteed when every container has equal cpu+memory requests and limits, BestEffort when none. */
export function qosClass(pod: KubeObject): string {
  const containers: KubeObject[] = [...(pod['spec']?.initContainers ?? []), ...(pod['spec']?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c['resources']?.requests ?? {};
    const lim = c['resources']?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * Does the API hold `status` already (every field of it equal, arrays whole)? A null in `status`
 * equals an absent field: a merge patch removes nulls (`lastProbeTime: null`), so the stored status
 * never has them. Counting them as a difference made every sync patch the status again; with a
 * stale cache that became a write loop of one pod (hundreds of writes a second).
 */
export function statusHeld(status: KubeObject, current: KubeObject): boolean {
  return Object.keys(status).every((k) => deepEqual(withoutNulls(status[k]), current[k]));
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
}
