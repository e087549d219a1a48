export * from './types.js';
export { defineKind, type CustomObject, type KindDefinition, type KindObject, type KindOptions, type PrinterColumn } from './define-kind.js';
export { customResourceSchema, toOpenApiSchema, UnsupportedSchemaError, type OpenApiSchema } from './openapi-schema.js';
export { ConditionSchema, FailoverResultSchema, OperationSchema, StepRecordSchema, operatorStatusProperties } from './status-schema.js';
export { findCondition, isConditionTrue, isReady, readyCondition, setCondition, setConditions, type ConditionInput } from './conditions.js';
export { describeProgress, hasFailedStep, isFinished, markDone, markFailed, markRunning, markStep, nextStep, startOperation, stepState } from './step-log.js';
export { persistStatus, StatusConflictError, type PersistOptions, type StatusUpdate } from './persist-status.js';
export {
  operationPersister, runSteps, stepDone, stepNotYet, StepFailedError,
  type PersistOperation, type RunStepsResult, type StepExecutor, type StepExecutors, type StepOutcome,
} from './run-steps.js';
export { formatAction, formatPlan } from './format-plan.js';
export { CrdInstallError, installCrds, type InstallCrdsOptions } from './install-crds.js';
export type { OperatorEntry, OperatorReconciler } from './operator.js';
export { printPlans } from './dry-run.js';
export {
  FAILOVER_AUTO, FAILOVER_REQUEST_ANNOTATION, FAILOVER_TO_ANNOTATION, failoverAnnotations, failoverResult, finishedFailover,
  newFailoverRequestId, pendingFailoverRequest, type FailoverRequest, type FailoverResult,
} from './failover-request.js';
export { HASH_ANNOTATION, hashOf, renderHashOf, stampHash } from './render-hash.js';
