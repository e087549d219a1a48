/** A pod input problem (env or volume) as the kubelet reports it: a reason and a message. */
export interface InputProblem {
  reason: string;
  message: string;
}

/** Recognises the env/volume errors by their shape (a `reason` next to the message). */
export function inputErrorOf(err: unknown): InputProblem | undefined {
  if (err && typeof err === 'object' && typeof (err as { reason?: unknown }).reason === 'string' && typeof (err as { message?: unknown }).message === 'string') {
    return { reason: (err as { reason: string }).reason, message: (err as { message: string }).message };
  }
  return undefined;
}
