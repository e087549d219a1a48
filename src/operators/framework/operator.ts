import type { Reconciler } from '../../controllers/runtime/index.js';
import type { KindDefinition } from './define-kind.js';
import type { Plan } from './types.js';

/**
 * A reconciler that can also show what it would do: after setup(ctx), `plan(key)` observes and
 * plans one object without acting (for `ordinal operator --dry-run`). Undefined: the object is gone.
 */
export interface OperatorReconciler extends Reconciler {
  plan?(key: string): Promise<Plan | undefined>;
}

/** One entry of the operator list (src/operators/index.ts): its kind (CRD) and its reconciler. */
export interface OperatorEntry {
  kind: KindDefinition;
  /** A new reconciler (called once per startOperators / dry run; setup may run again on a regained lease). */
  create(): OperatorReconciler;
}
