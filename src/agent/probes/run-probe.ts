/**
 * One probe attempt (the kubelet's prober.runProbe): exec (exit code 0), tcpSocket (connects),
 * httpGet (status 200-399; a redirect to another host ends there and counts as success, as on a
 * kubelet). grpc is not supported here and fails with a message saying so. timeoutSeconds
 * (default 1) bounds each attempt.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { httpGet, httpGetUrl, KUBE_VERSION } from './http-get.js';
import { resolvePort } from './port.js';
import { tcpCheck } from './tcp-check.js';
import type { ProbeResult, ProbeTarget } from './types.js';

export function probeTimeoutMs(probe: KubeObject): number {
  const s = Number(probe['timeoutSeconds'] ?? 1);
  return (Number.isFinite(s) && s > 0 ? s : 1) * 1000;
}

/** Runs target.exec with a deadline, even if the exec itself ignores it. */
export async function execWithDeadline(target: ProbeTarget, command: string[], timeoutMs: number): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ exitCode: number; output: string; timedOut: boolean }>((resolve) => {
    if (timeoutMs > 0) timer = setTimeout(() => resolve({ exitCode: -1, output: '', timedOut: true }), timeoutMs + 1000);
  });
  try {
    const run = target.exec(command, timeoutMs).then(
      (r) => ({ exitCode: r.exitCode, output: r.output, timedOut: r.timedOut === true }),
      (e: unknown) => ({ exitCode: -1, output: e instanceof Error ? e.message : String(e), timedOut: false }),
    );
    return await Promise.race([run, late]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export async function runProbe(probe: KubeObject, target: ProbeTarget): Promise<ProbeResult> {
  const timeoutMs = probeTimeoutMs(probe);
  if (probe['exec']) {
    const command = ((probe['exec'].command ?? []) as unknown[]).map(String);
    const r = await execWithDeadline(target, command, timeoutMs);
    if (r.timedOut) return { result: 'failure', output: `command ${JSON.stringify(command.join(' '))} timed out` };
    return { result: r.exitCode === 0 ? 'success' : 'failure', output: r.output };
  }
  if (probe['httpGet']) {
    const url = httpGetUrl(probe['httpGet'], target);
    if (typeof url === 'string') return { result: 'failure', output: url };
    const r = await httpGet(url, probe['httpGet'], `kube-probe/${KUBE_VERSION}`, timeoutMs);
    if (r.kind === 'error') return { result: 'failure', output: r.message };
    if (r.status >= 200 && r.status < 400) {
      return { result: 'success', output: r.redirectedAway || r.status >= 300 ? `Probe terminated redirects, Response body: ${r.body}` : r.body };
    }
    return { result: 'failure', output: `HTTP probe failed with statuscode: ${r.status}` };
  }
  if (probe['tcpSocket']) {
    const port = resolvePort(probe['tcpSocket'].port, target.containerPorts);
    if (typeof port === 'string') return { result: 'failure', output: port };
    const r = await tcpCheck(String(probe['tcpSocket'].host || target.podIP), port, timeoutMs);
    return { result: r.ok ? 'success' : 'failure', output: r.output };
  }
  if (probe['grpc']) return { result: 'failure', output: 'grpc probes are not supported by this node agent; use exec, tcpSocket or httpGet' };
  return { result: 'failure', output: 'probe has no handler (exec, httpGet, tcpSocket or grpc)' };
}
