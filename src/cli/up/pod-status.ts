/** A pod's state in one word, as `kubectl get pods` shows STATUS (and "Ready" once it is). Pure. */
import { isPodReady, type KubeObject } from './objects.js';

function terminatedText(t: KubeObject): string {
  if (t['reason']) return String(t['reason']);
  if (t['signal']) return `Signal:${t['signal']}`;
  return `ExitCode:${t['exitCode'] ?? '?'}`;
}

function initText(pod: KubeObject): string | undefined {
  const statuses: KubeObject[] = pod['status']?.initContainerStatuses ?? [];
  const total = (pod['spec']?.initContainers ?? []).length;
  for (const [i, s] of statuses.entries()) {
    const term = s['state']?.terminated;
    if (term && term['exitCode'] === 0) continue;
    if (term) return `Init:${terminatedText(term)}`;
    const waitingReason = s['state']?.waiting?.reason;
    if (waitingReason && waitingReason !== 'PodInitializing') return `Init:${waitingReason}`;
    return `Init:${i}/${total}`;
  }
  return undefined;
}

export function podStatusText(pod: KubeObject): string {
  if (pod['metadata']?.deletionTimestamp) return 'Terminating';
  const status = pod['status'] ?? {};
  let text = String(status.reason ?? status.phase ?? 'Pending');
  const init = initText(pod);
  if (init) return init;
  let running = false;
  const statuses: KubeObject[] = status.containerStatuses ?? [];
  for (const s of [...statuses].reverse()) {
    const state = s['state'] ?? {};
    if (state.waiting?.reason) text = String(state.waiting.reason);
    else if (state.terminated) text = terminatedText(state.terminated);
    else if (state.running) running = true;
  }
  if (text === 'Completed' && running) text = 'Running';
  if (text === 'Running' && isPodReady(pod)) return 'Ready';
  // the node agent has not reported on a pod bound to its node yet
  if (text === 'Pending' && pod['spec']?.nodeName && statuses.length === 0) return 'Scheduled';
  return text;
}

/** Restarts summed over the pod's containers. */
export function restartsOf(pod: KubeObject): number {
  const statuses: KubeObject[] = pod['status']?.containerStatuses ?? [];
  return statuses.reduce((n, s) => n + (Number(s['restartCount']) || 0), 0);
}
