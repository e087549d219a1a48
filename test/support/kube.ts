import { KubeConfig } from '@kubernetes/client-node';

export function kubeConfigFor(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

/** The HTTP status of a client-node ApiException (or undefined). */
export function statusOf(err: unknown): number | undefined {
  return (err as { code?: number }).code;
}

/** The Kubernetes Status body of a client-node ApiException. */
export function statusBodyOf(err: unknown): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const body = (err as { body?: unknown }).body;
  return typeof body === 'string' ? JSON.parse(body) : (body as Record<string, unknown>);
}

export async function eventually<T>(fn: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
