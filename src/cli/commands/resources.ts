import type { Command } from 'commander';
import { registerApply } from './apply.js';
import { registerCreate } from './create.js';
import { registerDelete } from './delete.js';
import { registerDescribe } from './describe.js';
import { registerGet } from './get.js';
import { registerScale } from './scale.js';

/** The kubectl-like verbs: get, describe, apply, create, delete, scale. */
export function registerResourceCommands(program: Command): void {
  registerGet(program);
  registerDescribe(program);
  registerApply(program);
  registerCreate(program);
  registerDelete(program);
  registerScale(program);
}
