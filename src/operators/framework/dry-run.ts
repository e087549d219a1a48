import type { KubeClient } from '../../client/index.js';
import { SharedInformerFactory, objectKey, type ControllerContext, type EventRecorder } from '../../controllers/runtime/index.js';
import type { Logger } from '../../lib/log.js';
import { formatPlan } from './format-plan.js';
import type { OperatorEntry } from './operator.js';

/** Events are not sent in a dry run. */
const noEvents: EventRecorder = { event: () => undefined };

async function isServed(client: KubeClient, path: string): Promise<boolean> {
  try {
    await client.request('GET', path, { query: { limit: 1 } });
    return true;
  } catch (err) {
    if ((err as { status?: number }).status === 404) return false;
    throw err;
  }
}

/**
 * Prints every object's plan without acting: each operator's reconciler is set up on fresh
 * informers (read only), the caches are synced, and `plan(key)` runs once per object.
 */
export async function printPlans(client: KubeClient, entries: readonly OperatorEntry[], log: Logger, write: (text: string) => void, now: () => Date = () => new Date()): Promise<void> {
  const informers = new SharedInformerFactory(client, log);
  const ctx: ControllerContext = { client, informers, events: noEvents, log, now };
  const prepared = [];
  for (const entry of entries) {
    if (!(await isServed(client, entry.kind.listPath))) {
      write(`${entry.kind.plural}: the CRD is not installed (run \`ordinal operator\` once without --dry-run)\n`);
      continue;
    }
    const reconciler = entry.create();
    await reconciler.setup(ctx, () => undefined);
    prepared.push({ entry, reconciler, objects: informers.informer(entry.kind.listPath) });
  }
  informers.start();
  try {
    await informers.waitForSync();
    for (const { entry, reconciler, objects } of prepared) {
      const list = objects.list();
      if (list.length === 0) write(`no ${entry.kind.plural}\n`);
      for (const obj of list) {
        const key = objectKey(obj);
        const title = `${entry.kind.singular} ${key}`;
        if (!reconciler.plan) {
          write(`${title}: this operator cannot print a plan\n`);
          continue;
        }
        const plan = await reconciler.plan(key);
        write(plan ? formatPlan(plan, title) : `${title}: gone\n`);
      }
    }
  } finally {
    informers.stop();
  }
}
