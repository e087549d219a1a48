import type { KubeClient } from '../../client/index.js';
import { OrdinalError } from '../../lib/errors.js';
import { persistStatus } from './persist-status.js';
import { markDone, markFailed, markRunning, nextStep } from './step-log.js';
import type { Operation, StepRecord } from './types.js';

/** What a step reports: done, or not yet (it acted, or waits, and wants to be looked at again). */
export type StepOutcome = { done: true; detail?: string } | { done: false; waitingFor: string; requeueAfterMs?: number };

export const stepDone = (detail?: string): StepOutcome => ({ done: true, ...(detail !== undefined ? { detail } : {}) });
export const stepNotYet = (waitingFor: string, requeueAfterMs?: number): StepOutcome => ({ done: false, waitingFor, ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) });

/**
 * Runs one step. It must be idempotent: it may run again after a crash (checks the engine before
 * acting). Throwing marks the step failed and rethrows (the controller retries with back-off).
 */
export type StepExecutor = (step: StepRecord, op: Operation) => Promise<StepOutcome>;

/** One function for all steps, or one per step name (exact, else the part before the first ':'). */
export type StepExecutors = StepExecutor | Record<string, StepExecutor>;

/** Writes the operation (undefined: removes it) - see `operationPersister`. */
export type PersistOperation = (op: Operation) => Promise<void>;

export interface RunStepsResult {
  operation: Operation;
  finished: boolean;
  waitingFor?: string;
  requeueAfterMs?: number;
}

export class StepFailedError extends OrdinalError {
  constructor(readonly step: string, message: string, cause: unknown) {
    super('E_STEP_FAILED', message, { cause });
  }
}

const defaultRequeueMs = 2000;

function executorFor(executors: StepExecutors, step: StepRecord): StepExecutor {
  if (typeof executors === 'function') return executors;
  const fn = executors[step.name] ?? executors[step.name.split(':')[0] ?? ''];
  if (!fn) throw new OrdinalError('E_NO_STEP_EXECUTOR', `no executor for step "${step.name}"`);
  return fn;
}

/** An error's message for the step log, short and without anything that looks like a credential. */
function describeError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\b(password|passwd|requirepass|masterauth|auth-pass|token)(\s*[:=]\s*|\s+)\S+/gi, '$1 [REDACTED]').slice(0, 200);
}

/**
 * Runs the operation's steps in order from the first not `done`, persisting the log before each
 * step (running) and after it (done), and stops at the first step that reports not yet (returning
 * its requeue). A crash at any point leaves a log from which a new runner resumes: a step found
 * `running` is run again. A step that keeps waiting is persisted only when its detail changes.
 */
export async function runSteps(operation: Operation, executors: StepExecutors, persist: PersistOperation, options: { now?: () => Date } = {}): Promise<RunStepsResult> {
  const now = options.now ?? (() => new Date());
  let op = operation;
  for (let step = nextStep(op); step; step = nextStep(op)) {
    const run = executorFor(executors, step);
    if (step.state !== 'running') {
      op = markRunning(op, step.name, now());
      await persist(op);
    }
    let outcome: StepOutcome;
    try {
      outcome = await run(step, op);
    } catch (err) {
      const detail = describeError(err);
      op = markFailed(op, step.name, now(), detail);
      await persist(op).catch(() => undefined);
      throw new StepFailedError(step.name, `${op.type} step ${step.name} failed: ${detail}`, err);
    }
    if (!outcome.done) {
      const current = op.steps.find((s) => s.name === step!.name);
      if (current?.detail !== outcome.waitingFor) {
        op = markRunning(op, step.name, now(), outcome.waitingFor);
        await persist(op);
      }
      return { operation: op, finished: false, waitingFor: outcome.waitingFor, requeueAfterMs: outcome.requeueAfterMs ?? defaultRequeueMs };
    }
    op = markDone(op, step.name, now(), outcome.detail);
    await persist(op);
  }
  return { operation: op, finished: true };
}

/**
 * A PersistOperation that sets status.operation of the object at `statusPath` and keeps the rest
 * of its status (read-modify-write, retried on conflict). Pass undefined to `clear` to remove it.
 */
export function operationPersister(client: KubeClient, statusPath: string): PersistOperation & { clear(): Promise<void> } {
  const write = async (op: Operation | undefined): Promise<void> => {
    await persistStatus(client, statusPath, (current) => {
      const status = { ...((current['status'] as Record<string, unknown> | undefined) ?? {}) };
      if (op) status['operation'] = op;
      else delete status['operation'];
      return status;
    });
  };
  return Object.assign((op: Operation) => write(op), { clear: () => write(undefined) });
}
