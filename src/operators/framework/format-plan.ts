import type { Plan, PlannedAction } from './types.js';

/** Human-readable plans for `--dry-run`: one action per line, with its reason. */

const secretKey = /pass(word)?|token|secret[-_]?value|^auth$/i;

function formatValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (v === undefined) return '';
  return JSON.stringify(v, (k, val: unknown) => (k && secretKey.test(k) ? '[REDACTED]' : val));
}

/** `RedisAddSlots node=rc-0 slots=[[0,5460]]  -- bootstrap: rc-0 owns the first third` */
export function formatAction(action: PlannedAction): string {
  const fields = Object.entries(action)
    .filter(([k, v]) => k !== 'type' && k !== 'reason' && v !== undefined)
    .map(([k, v]) => `${k}=${secretKey.test(k) ? '[REDACTED]' : formatValue(v)}`);
  const head = [action.type, ...fields].join(' ');
  return action.reason ? `${head}  -- ${action.reason}` : head;
}

/**
 * The whole plan: the actions numbered, then what it waits for, the conditions it would set and
 * when it would look again. `title` (e.g. `rediscluster default/rc`) heads the block.
 */
export function formatPlan(plan: Plan, title?: string): string {
  const lines: string[] = [];
  if (title) lines.push(`${title}:`);
  const indent = title ? '  ' : '';
  if (plan.actions.length === 0) lines.push(`${indent}no actions`);
  plan.actions.forEach((a, i) => lines.push(`${indent}${i + 1}. ${formatAction(a)}`));
  if (plan.waitingFor) lines.push(`${indent}waiting for: ${plan.waitingFor}`);
  for (const c of plan.status.conditions ?? []) lines.push(`${indent}condition ${c.type}=${c.status} (${c.reason}): ${c.message}`);
  const op = plan.status.operation;
  if (op) {
    const steps = op.steps.map((s) => `${s.name}[${s.state}]`).join(' ');
    lines.push(`${indent}operation ${op.type} ${op.id}: ${steps}`);
  }
  if (plan.requeueAfterMs !== undefined) lines.push(`${indent}look again in ${(plan.requeueAfterMs / 1000).toFixed(plan.requeueAfterMs % 1000 ? 1 : 0)}s`);
  return lines.join('\n') + '\n';
}
