export { createDisruptionController } from './disruption-controller.js';
export { computeBudgetStatus } from './budget.js';
