/**
 * Poll until every tracked StatefulSet and pod is ready, printing what changes; when nothing has
 * moved for `stuckAfterMs` and something is found that waiting will not fix, or at the timeout,
 * print what is stuck and why.
 */
import type { KubeClient } from '../../client/index.js';
import { humanDuration } from '../print/duration.js';
import type { UpOutput } from './output.js';
import { diffProgress, emptyProgress, setProgressText, shortRef } from './progress.js';
import { readClusterView, readLogs } from './read-view.js';
import { diagnose, formatDiagnosis, hasBlocking, type Finding } from './stuck.js';
import { isPodDone, type KubeObject } from './objects.js';
import { wakeOnChange } from './wake-on-change.js';
import { findRef, isAllReady, isOperatedReady, isStatefulSetReady, operatedSubject, trackedNamespaces, type ClusterView, type Tracked } from './tracked.js';

export type WaitOutcome = 'ready' | 'stuck' | 'timeout';

export interface WaitOptions {
  client: KubeClient;
  tracked: Tracked;
  out: UpOutput;
  timeoutMs: number;
  stuckAfterMs: number;
  /** The longest wait between two looks (changes to sets and pods wake it sooner). */
  pollMs?: number;
  now?: () => number;
}

function statusText(view: ClusterView, tracked: Tracked, elapsedMs: number): string {
  const sets = view.statefulSets.filter((s) => !isStatefulSetReady(s)).map((s) => `${shortRef(s)} ${setProgressText(s)}`);
  const bare = tracked.pods.map((r) => findRef(view.pods, r)).filter((p): p is KubeObject => p !== undefined);
  const pods = tracked.pods.length > 0 ? [`pods ${bare.filter(isPodDone).length}/${tracked.pods.length} ready`] : [];
  const operated = tracked.operated.filter((r) => { const o = findRef(view.operated, r); return !o || !isOperatedReady(o); }).map(operatedSubject);
  return `waiting: ${[...sets, ...pods, ...operated].join(', ') || 'objects to appear'} (${humanDuration(elapsedMs)})`;
}

async function describeFindings(client: KubeClient, findings: Finding[]): Promise<string> {
  const logs = await readLogs(client, findings.flatMap((f) => (f.log ? [f.log] : [])));
  return formatDiagnosis(findings, logs);
}

export async function waitUntilReady(options: WaitOptions): Promise<{ outcome: WaitOutcome; view: ClusterView | undefined }> {
  const wakeup = await wakeOnChange(options.client, trackedNamespaces(options.tracked));
  try {
    return await watchProgress(options, (ms) => wakeup.sleep(ms));
  } finally {
    wakeup.stop();
  }
}

async function watchProgress(options: WaitOptions, sleep: (ms: number) => Promise<void>): Promise<{ outcome: WaitOutcome; view: ClusterView | undefined }> {
  const { client, tracked, out } = options;
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 2000;
  const start = now();
  let lastProgress = start;
  let progress = emptyProgress();
  let view: ClusterView | undefined;
  let failures = 0;
  for (;;) {
    try {
      view = await readClusterView(client, tracked);
      failures = 0;
    } catch (err) {
      if (++failures === 3) out.line(`cannot read the cluster state: ${(err as Error).message} (retrying)`);
    }
    const elapsed = now() - start;
    if (view) {
      const step = diffProgress(progress, view, tracked);
      progress = step.state;
      for (const l of step.lines) out.line(`[${humanDuration(elapsed).padStart(5)}] ${l}`);
      if (step.progressed) lastProgress = now();
      if (isAllReady(view, tracked)) return { outcome: 'ready', view };
      const stalledMs = now() - lastProgress;
      if (elapsed >= options.timeoutMs) {
        out.line(`timed out after ${humanDuration(elapsed)}; not ready yet:\n${await describeFindings(client, diagnose(view, tracked))}`);
        return { outcome: 'timeout', view };
      }
      if (stalledMs >= options.stuckAfterMs) {
        const findings = diagnose(view, tracked);
        if (hasBlocking(findings)) {
          out.line(`stuck: nothing has moved for ${humanDuration(stalledMs)}:\n${await describeFindings(client, findings)}`);
          return { outcome: 'stuck', view };
        }
        out.line(`still waiting, nothing has moved for ${humanDuration(stalledMs)}:\n${await describeFindings(client, findings)}`);
        lastProgress = now();
      }
      out.status(statusText(view, tracked, elapsed));
    } else if (elapsed >= options.timeoutMs) {
      out.line(`timed out after ${humanDuration(elapsed)} without reading the cluster state`);
      return { outcome: 'timeout', view };
    }
    await sleep(pollMs);
  }
}
