import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDefaultTolerations } from './default-tolerations.js';
import type { JsonObject } from '../validation/json-value.js';

const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

function tolerationsAfter(spec: JsonObject): unknown {
  addDefaultTolerations(spec);
  return spec.tolerations;
}

describe('DefaultTolerationSeconds', () => {
  it('adds both tolerations to a pod without any', () => {
    assert.deepEqual(tolerationsAfter({ containers: [] }), [notReady, unreachable]);
  });

  it('keeps the pod own tolerations first and adds only what is missing', () => {
    const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
    const other = { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' };
    assert.deepEqual(tolerationsAfter({ tolerations: [other, own] }), [other, own, notReady]);
  });

  it('counts an empty key or empty effect as covering, like the plugin', () => {
    assert.deepEqual(tolerationsAfter({ tolerations: [{ operator: 'Exists' }] }), [{ operator: 'Exists' }]);
    const anyEffect = { key: 'node.kubernetes.io/not-ready', operator: 'Exists' };
    assert.deepEqual(tolerationsAfter({ tolerations: [anyEffect] }), [anyEffect, unreachable]);
  });

  it('a toleration for another effect does not count', () => {
    const noSchedule = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' };
    assert.deepEqual(tolerationsAfter({ tolerations: [noSchedule] }), [noSchedule, notReady, unreachable]);
  });

  it('is idempotent, so an update re-running it changes nothing', () => {
    const spec: JsonObject = {};
    addDefaultTolerations(spec);
    const once = structuredClone(spec.tolerations);
    addDefaultTolerations(spec);
    assert.deepEqual(spec.tolerations, once);
  });

  it('leaves a badly typed list for validation to report', () => {
    assert.equal(tolerationsAfter({ tolerations: 'x' }), 'x');
  });
});
