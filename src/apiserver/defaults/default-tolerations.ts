/**
 * kube-apiserver's DefaultTolerationSeconds admission plugin: every pod tolerates the not-ready and
 * unreachable NoExecute taints for 300 s unless it already says something about them, so a pod
 * stays bound for five minutes after its node goes away before the taint manager evicts it.
 * Like the plugin, a toleration counts when its key is the taint's or empty and its effect is
 * NoExecute or empty (the operator is not looked at).
 */
import { arrayAt, isObject, type JsonObject } from '../validation/json-value.js';

export const notReadyTaintKey = 'node.kubernetes.io/not-ready';
export const unreachableTaintKey = 'node.kubernetes.io/unreachable';
export const defaultTolerationSeconds = 300;

function covers(toleration: unknown, key: string): boolean {
  if (!isObject(toleration)) return false;
  const k = typeof toleration.key === 'string' ? toleration.key : '';
  const effect = typeof toleration.effect === 'string' ? toleration.effect : '';
  return (k === key || k === '') && (effect === 'NoExecute' || effect === '');
}

/** Appends the default not-ready / unreachable tolerations a pod spec lacks, in place. */
export function addDefaultTolerations(spec: JsonObject): void {
  if (spec.tolerations !== undefined && spec.tolerations !== null && !Array.isArray(spec.tolerations)) return; // validation reports it
  const tolerations = arrayAt(spec.tolerations);
  const missing = [notReadyTaintKey, unreachableTaintKey].filter((key) => !tolerations.some((t) => covers(t, key)));
  if (missing.length === 0) return;
  spec.tolerations = [...tolerations, ...missing.map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: defaultTolerationSeconds }))];
}
