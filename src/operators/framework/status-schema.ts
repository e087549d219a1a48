import { Type, type TProperties } from '@sinclair/typebox';

/**
 * TypeBox schemas of the status fields every operator shares (types.ts describes them): spread
 * `operatorStatusProperties` into a kind's status schema so the CRD keeps them (structural pruning
 * drops any field the schema does not name).
 */

export const ConditionSchema = Type.Object({
  type: Type.Union([Type.Literal('Ready'), Type.Literal('Progressing'), Type.Literal('Degraded')]),
  status: Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Literal('Unknown')]),
  reason: Type.String({ description: 'CamelCase, stable, e.g. WaitingForPods' }),
  message: Type.String({ description: 'What it waits for or what is wrong' }),
  lastTransitionTime: Type.String({ format: 'date-time' }),
  observedGeneration: Type.Optional(Type.Integer()),
});

export const StepRecordSchema = Type.Object({
  name: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  at: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
});

export const OperationSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    params: Type.Record(Type.String(), Type.Unknown()),
    steps: Type.Array(StepRecordSchema),
    startedAt: Type.String(),
  },
  { description: 'The multi-step change in progress; each step is recorded before and after it runs so a restarted operator resumes.' },
);

/** The outcome of an `ordinal failover` request (see failover-request.ts). */
export const FailoverResultSchema = Type.Object({
  requestId: Type.String(),
  result: Type.Union([Type.Literal('Running'), Type.Literal('Succeeded'), Type.Literal('Failed')]),
  message: Type.String(),
  from: Type.Optional(Type.String({ description: 'pod that was master' })),
  to: Type.Optional(Type.String({ description: 'pod that is master now' })),
  at: Type.String(),
});

export const operatorStatusProperties = {
  observedGeneration: Type.Optional(Type.Integer()),
  conditions: Type.Optional(Type.Array(ConditionSchema)),
  operation: Type.Optional(OperationSchema),
  failover: Type.Optional(FailoverResultSchema),
} satisfies TProperties;
