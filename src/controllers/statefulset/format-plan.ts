/** A plan as lines for humans (--dry-run, debug logs, test failure messages). */
import type { Action, Plan } from './types.js';

function describe(a: Action): string {
  switch (a.type) {
    case 'AdoptPod':
      return `adopt pod ${a.pod}`;
    case 'ReleasePod':
      return `release pod ${a.pod}`;
    case 'AdoptRevision':
      return `adopt revision ${a.revision}`;
    case 'CreateRevision':
      return `create revision ${a.revision} (revision ${String(a.object['revision'])})`;
    case 'UpdateRevisionNumber':
      return `reuse revision ${a.revision} (revision ${a.from} -> ${a.to})`;
    case 'CreatePod': {
      const claims = a.claims.map((c) => `claim ${c['metadata'].name}, `).join('');
      return `create ${claims}pod ${a.pod} at ${a.revision}`;
    }
    case 'CreateClaims':
      return `create ${a.claims.map((c) => `claim ${c['metadata'].name}`).join(', ')} for pod ${a.pod}`;
    case 'DeletePod':
      return `delete pod ${a.pod} (${a.reason})`;
    case 'UpdatePod':
      return `update pod ${a.pod}: ${a.changes.join(', ')}`;
    case 'UpdateClaimOwners': {
      const owners = (a.object['metadata'].ownerReferences ?? []).map((r: Record<string, string>) => `${r['kind']}/${r['name']}`);
      return `set owners of claim ${a.claim} to [${owners.join(', ')}]`;
    }
    case 'UpdateStatus': {
      const s = a.status;
      return `status replicas=${s.replicas} ready=${s.readyReplicas} available=${s.availableReplicas} current=${s.currentReplicas} updated=${s.updatedReplicas} currentRevision=${s.currentRevision} updateRevision=${s.updateRevision}`;
    }
    case 'DeleteRevision':
      return `delete revision ${a.revision}`;
    case 'RecordEvent':
      return `event ${a.eventType} ${a.reason}: ${a.message}`;
  }
}

export function formatPlan(plan: Plan): string {
  const lines = [`statefulset ${plan.namespace}/${plan.name} (${plan.monotonic ? 'OrderedReady' : 'Parallel'}) current=${plan.currentRevision} update=${plan.updateRevision}`];
  for (const a of plan.actions) lines.push(`  ${describe(a)}`);
  for (const w of plan.waiting) lines.push(`  waiting: ${w.message}`);
  for (const e of plan.errors) lines.push(`  error: ${e}`);
  if (plan.requeueAfterMs !== undefined) lines.push(`  look again in ${plan.requeueAfterMs}ms`);
  return lines.join('\n');
}

/** Just the verbs and names, one per action: what tests compare. */
export function summarizeActions(plan: Plan): string[] {
  return plan.actions.filter((a) => a.type !== 'UpdateStatus' && a.type !== 'RecordEvent').map(describe);
}
