/**
 * postStart / preStop handlers (the kubelet's handlerRunner): exec (exit code 0), httpGet (any HTTP
 * response succeeds; only a connection error fails, as on a kubelet), sleep {seconds} (ends early
 * when `signal` aborts). tcpSocket succeeds when it connects: the kubelet rejects it as an invalid
 * handler, but the API accepts it, so connecting is the useful reading. Failure messages are worded
 * as the kubelet's FailedPostStartHook / FailedPreStopHook events.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { httpGet, httpGetUrl, KUBE_VERSION } from './http-get.js';
import { resolvePort } from './port.js';
import { execWithDeadline } from './run-probe.js';
import { tcpCheck } from './tcp-check.js';
import type { ProbeTarget } from './types.js';

export type HandlerResult = { ok: true } | { ok: false; message: string };

export interface HandlerOptions {
  /** Names for messages: the container and its pod. */
  containerName?: string;
  pod?: KubeObject;
  /** Bound for exec/httpGet/tcpSocket; 0 (default) means none (the caller's grace period bounds preStop). */
  timeoutMs?: number;
  /** Aborts a sleep or an HTTP request (e.g. the grace period ran out). */
  signal?: AbortSignal;
}

function podLabel(pod: KubeObject | undefined): string {
  const m = pod?.['metadata'] ?? {};
  return `${m.name ?? ''}_${m.namespace ?? ''}(${m.uid ?? ''})`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function runHandler(handler: KubeObject, target: ProbeTarget, options: HandlerOptions = {}): Promise<HandlerResult> {
  const container = JSON.stringify(options.containerName ?? '');
  const pod = JSON.stringify(podLabel(options.pod));
  const timeoutMs = options.timeoutMs ?? 0;
  if (handler['exec']) {
    const command = ((handler['exec'].command ?? []) as unknown[]).map(String);
    const r = await execWithDeadline(target, command, timeoutMs);
    if (!r.timedOut && r.exitCode === 0) return { ok: true };
    const error = r.timedOut ? `command '${command.join(' ')}' timed out` : `command '${command.join(' ')}' exited with ${r.exitCode}: `;
    return { ok: false, message: `Exec lifecycle hook ([${command.join(' ')}]) for Container ${container} in Pod ${pod} failed - error: ${error}, message: ${JSON.stringify(r.output)}` };
  }
  if (handler['httpGet']) {
    const url = httpGetUrl(handler['httpGet'], target);
    const path = String(handler['httpGet'].path ?? '');
    if (typeof url === 'string') return { ok: false, message: `HTTP lifecycle hook (${path}) for Container ${container} in Pod ${pod} failed - error: ${url}` };
    const r = await httpGet(url, handler['httpGet'], `kube-lifecycle/${KUBE_VERSION}`, timeoutMs, options.signal);
    if (r.kind === 'response') return { ok: true };
    return { ok: false, message: `HTTP lifecycle hook (${path}) for Container ${container} in Pod ${pod} failed - error: ${r.message}` };
  }
  if (handler['sleep']) {
    const seconds = Number(handler['sleep'].seconds ?? 0);
    await sleep(Math.max(0, seconds) * 1000, options.signal);
    return { ok: true };
  }
  if (handler['tcpSocket']) {
    const port = resolvePort(handler['tcpSocket'].port, target.containerPorts);
    const r = typeof port === 'string' ? { ok: false, output: port } : await tcpCheck(String(handler['tcpSocket'].host || target.podIP), port, timeoutMs);
    return r.ok ? { ok: true } : { ok: false, message: `TCP lifecycle hook for Container ${container} in Pod ${pod} failed - error: ${r.output}` };
  }
  return { ok: false, message: `Cannot run handler: invalid handler: ${JSON.stringify(handler)}` };
}
