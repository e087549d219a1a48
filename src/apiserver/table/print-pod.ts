/**
 * Pods: Name, Ready, Status, Restarts, Age; wide: IP, Node, Nominated Node, Readiness Gates.
 * Status is the reason kubectl users know ("CrashLoopBackOff", "Init:0/1", "Terminating"),
 * derived from the phase, init container states and container states in that order.
 */
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { KubeObject } from '../../store/types.js';
import { ageColumn, column, nameColumn, wide } from './columns.js';
import { since } from './duration.js';
import type { Cell, Printer, RowCondition } from './types.js';

/** status.reason the node lifecycle controller sets on pods of an unreachable node. */
const nodeUnreachableReason = 'NodeLost';

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** Latest lastState.terminated.finishedAt among the counted restarts, ms since epoch. */
  lastRestart: number | undefined;
}

function isSidecar(c: IContainer | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function hasCondition(pod: IPod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

function finishedAt(s: IContainerStatus): number | undefined {
  const at = s.lastState?.terminated?.finishedAt;
  const ms = at ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** Walks init containers until the first unfinished one; returns its reason when it blocks the pod. */
function initReason(pod: IPod, sum: PodSummary, sidecarRestarts: { count: number; last: number | undefined }): string | undefined {
  const specs = pod.spec?.initContainers ?? [];
  const byName = new Map(specs.map((c) => [c.name, c]));
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (const [i, s] of statuses.entries()) {
    const sidecar = isSidecar(byName.get(s.name));
    sum.restarts += s.restartCount ?? 0;
    sum.lastRestart = later(sum.lastRestart, finishedAt(s));
    if (sidecar) {
      sidecarRestarts.count += s.restartCount ?? 0;
      sidecarRestarts.last = later(sidecarRestarts.last, finishedAt(s));
    }
    const terminated = s.state?.terminated;
    const waiting = s.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && s.started === true) {
      if (s.ready) sum.ready++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) return `Init:${terminated.reason}`;
      return terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
    }
    if (waiting?.reason && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
    return `Init:${i}/${specs.length}`;
  }
  return undefined;
}

export function summarizePod(pod: IPod): PodSummary {
  const phase = pod.status?.phase ?? '';
  let reason = pod.status?.reason || phase;
  const gated = (pod.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated');
  if (gated) reason = 'SchedulingGated';

  const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar).length;
  const sum: PodSummary = { ready: 0, total: (pod.spec?.containers ?? []).length + sidecars, reason, restarts: 0, lastRestart: undefined };
  const sidecarRestarts = { count: 0, last: undefined as number | undefined };
  const blockedBy = initReason(pod, sum, sidecarRestarts);
  if (blockedBy !== undefined) sum.reason = blockedBy;

  if (blockedBy === undefined || hasCondition(pod, 'Initialized')) {
    // Once initialised, only sidecar restarts count among the init containers.
    sum.restarts = sidecarRestarts.count;
    sum.lastRestart = sidecarRestarts.last;
    let running = false;
    const statuses = pod.status?.containerStatuses ?? [];
    // Last to first, so the first container's state wins the Status column.
    for (const s of [...statuses].reverse()) {
      sum.restarts += s.restartCount ?? 0;
      sum.lastRestart = later(sum.lastRestart, finishedAt(s));
      const { waiting, terminated, running: isRunning } = s.state ?? {};
      if (waiting?.reason) sum.reason = waiting.reason;
      else if (terminated?.reason) sum.reason = terminated.reason;
      else if (terminated) sum.reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (s.ready && isRunning) {
        running = true;
        sum.ready++;
      }
    }
    if (sum.reason === 'Completed' && running) sum.reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp) {
    if (pod.status?.reason === nodeUnreachableReason) sum.reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') sum.reason = 'Terminating';
  }
  return sum;
}

function readinessGates(pod: IPod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passed = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passed}/${gates.length}`;
}

function podCells(obj: KubeObject, now: Date): Cell[] {
  const pod = obj as IPod;
  const sum = summarizePod(pod);
  let restarts = String(sum.restarts);
  if (sum.restarts !== 0 && sum.lastRestart !== undefined) {
    restarts += ` (${since(new Date(sum.lastRestart).toISOString(), now)} ago)`;
  }
  const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
  return [
    pod.metadata?.name ?? '',
    `${sum.ready}/${sum.total}`,
    sum.reason,
    restarts,
    since(pod.metadata?.creationTimestamp, now),
    ip,
    pod.spec?.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    readinessGates(pod),
  ];
}

function podConditions(obj: KubeObject): RowCondition[] | undefined {
  const phase = (obj as IPod).status?.phase;
  if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}

export const podPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Ready containers out of all containers (sidecar init containers included).'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'Container restarts, and how long ago the latest one was.'),
    ageColumn,
    wide('IP', 'string', 'The pod\'s first IP address (status.podIPs).'),
    wide('Node', 'string', 'The node the pod is bound to (spec.nodeName).'),
    wide('Nominated Node', 'string', 'The node the scheduler nominated through preemption (status.nominatedNodeName).'),
    wide('Readiness Gates', 'string', 'Readiness gates whose condition is True, out of all gates (spec.readinessGates).'),
  ],
  cells: podCells,
  conditions: podConditions,
};
