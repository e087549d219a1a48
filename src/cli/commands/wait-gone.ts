import { isNotFound } from '../../client/index.js';
import { CliError } from './cli-error.js';
import type { Connection } from './connection.js';

const pollMs = 250;

/** Poll until the object at `path` is gone (or replaced by one with another uid); 0 waits forever. */
export async function waitUntilGone(conn: Connection, path: string, uid: string | undefined, timeoutMs: number): Promise<void> {
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
  for (;;) {
    try {
      const obj = await conn.client.request<{ metadata?: { uid?: string } }>('GET', path);
      if (uid && obj?.metadata?.uid && obj.metadata.uid !== uid) return;
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (Date.now() >= deadline) throw new CliError(`timed out waiting for ${path} to be deleted`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
