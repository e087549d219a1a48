export { httpGet, httpGetUrl, KUBE_VERSION, type HttpGetOutcome } from './http-get.js';
export { runHandler, type HandlerOptions, type HandlerResult } from './lifecycle-handler.js';
export { joinHostPort, resolvePort } from './port.js';
export { ProbeWorker, realTimers, type ProbeTimers, type ProbeWorkerOptions } from './probe-worker.js';
export { execWithDeadline, probeTimeoutMs, runProbe } from './run-probe.js';
export { tcpCheck } from './tcp-check.js';
export type { ContainerPortLike, ExecResult, ProbeKind, ProbeOutcome, ProbeResult, ProbeTarget } from './types.js';
