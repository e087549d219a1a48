/**
 * The Kubernetes remote-command WebSocket protocol (kubectl exec), shared by the client and the node
 * agent's kubelet server. Every binary message is [channel byte, ...data]. v4 reports the end of the
 * command as a metav1.Status JSON on the error channel; v5 adds the close message [255, channel].
 */

export const execProtocols = {
  v5: 'v5.channel.k8s.io',
  v4: 'v4.channel.k8s.io',
} as const;

/** Best first; what the kubelet server accepts and the client offers. */
export const supportedExecProtocols: readonly string[] = [execProtocols.v5, execProtocols.v4];

export const channel = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  error: 3,
  resize: 4,
  /** v5 only: [255, n] says the sender closed its stream n (the client's stdin). */
  close: 255,
} as const;

export interface TerminalSize {
  Width: number;
  Height: number;
}

export interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
}

export function frame(ch: number, data: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([ch]), body]);
}

/** The status the kubelet writes when the command has ended (exit code 0 is Success). */
export function exitStatus(command: string[], exitCode: number): ExecStatus {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

export function failureStatus(message: string): ExecStatus {
  return { metadata: {}, status: 'Failure', message, reason: 'InternalError' };
}

/** The exit code a status carries: 0 for Success, n for NonZeroExitCode; undefined for other failures. */
export function exitCodeOf(status: ExecStatus): number | undefined {
  if (status.status === 'Success') return 0;
  if (status.reason !== 'NonZeroExitCode') return undefined;
  const cause = status.details?.causes.find((c) => c.reason === 'ExitCode');
  const n = Number(cause?.message);
  return Number.isInteger(n) ? n : undefined;
}
