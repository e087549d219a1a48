import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { isPodInputError, type PodInputError } from './pod-input-error.js';
import { containerEnvVars, resolveContainerEnv } from './resolve-container-env.js';
import { b64, FakePodInputSource } from './test-source.test-util.js';
import type { PodFacts } from './types.js';

const facts: PodFacts = { podIP: '10.1.0.5', podIPs: ['10.1.0.5'], hostIP: '192.168.7.1', nodeName: 'node-1', serviceAccountName: 'default', nodeAllocatable: { cpu: '4', memory: '8Gi' } };

function pod(container: KubeObject, extra: KubeObject = {}): KubeObject {
  return {
    metadata: { name: 'web-0', namespace: 'shop', uid: 'u-1', labels: { app: 'web', tier: 'front' }, annotations: { note: 'a "q"' } },
    spec: { nodeName: 'node-1', serviceAccountName: 'sa1', containers: [container], ...extra },
  };
}

function source(): FakePodInputSource {
  return new FakePodInputSource()
    .add('configmap', { metadata: { name: 'cfg', namespace: 'shop' }, data: { MODE: 'fast', 'bad key': 'x', '1BAD': 'y', level: '3' } })
    .add('secret', { metadata: { name: 'creds', namespace: 'shop' }, data: { password: b64('s3cret!'), user: b64('admin') } });
}

function expectError(fn: () => unknown, message: string, reason = 'CreateContainerConfigError'): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isPodInputError(e));
    assert.equal((e as PodInputError).reason, reason);
    assert.equal((e as Error).message, message);
    return true;
  });
}

describe('resolveContainerEnv', () => {
  it('layers HOSTNAME, image env, envFrom and env, with later definitions winning', () => {
    const c = { name: 'c', envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'creds' }, prefix: 'DB_' }], env: [{ name: 'PATH', value: '/opt/bin' }, { name: 'MODE', value: 'slow' }] };
    const warnings: string[] = [];
    const env = resolveContainerEnv(pod(c), c, { PATH: '/usr/bin', LANG: 'C' }, source(), facts, { warn: (r, m) => warnings.push(`${r}: ${m}`) });
    assert.deepEqual(env, { HOSTNAME: 'web-0', PATH: '/opt/bin', LANG: 'C', MODE: 'slow', level: '3', DB_password: 's3cret!', DB_user: 'admin' });
    assert.deepEqual(warnings, ['InvalidEnvironmentVariableNames: Keys [1BAD, bad key] from the EnvFrom configMap shop/cfg were skipped since they are considered invalid environment variable names.']);
  });

  it('expands $(VAR) against earlier container variables only, with $$ escaping and unknown refs kept', () => {
    const c = {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cfg' } }],
      env: [
        { name: 'A', value: 'a' },
        { name: 'B', value: '$(A)-$(MODE)-$(LATER)-$$(A)-$(PATH)' },
        { name: 'LATER', value: 'l' },
        { name: 'C', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'D', value: '$(C).$(HOSTNAME)' },
      ],
    };
    const env = resolveContainerEnv(pod(c), c, { PATH: '/usr/bin' }, source(), facts);
    assert.equal(env['B'], 'a-fast-$(LATER)-$(A)-$(PATH)');
    assert.equal(env['D'], 'web-0.$(HOSTNAME)');
  });

  it('resolves secretKeyRef and configMapKeyRef, skipping optional ones that are missing', () => {
    const c = {
      name: 'c',
      env: [
        { name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        { name: 'LVL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } } },
        { name: 'OPT1', valueFrom: { secretKeyRef: { name: 'nope', key: 'x', optional: true } } },
        { name: 'OPT2', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nokey', optional: true } } },
        { name: 'NOT_EXPANDED', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } },
        { name: 'EMPTY' },
      ],
      envFrom: [{ configMapRef: { name: 'absent', optional: true } }],
    };
    const env = containerEnvVars(pod(c), c, source(), facts);
    assert.deepEqual(env, { PW: 's3cret!', LVL: '3', NOT_EXPANDED: 'fast', EMPTY: '' });
  });

  it('fails with the kubelet messages, never showing a secret value', () => {
    const s = source();
    const run = (env: KubeObject[], envFrom: KubeObject[] = []): unknown => {
      const c = { name: 'c', env, envFrom };
      return resolveContainerEnv(pod(c), c, {}, s, facts);
    };
    expectError(() => run([{ name: 'X', valueFrom: { secretKeyRef: { name: 'x', key: 'k' } } }]), 'secret "x" not found');
    expectError(() => run([{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }]), "couldn't find key k in Secret shop/creds");
    expectError(() => run([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }]), 'configmap "x" not found');
    expectError(() => run([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }]), "couldn't find key k in ConfigMap shop/cfg");
    expectError(() => run([], [{ secretRef: { name: 'gone' } }]), 'secret "gone" not found');
    expectError(() => run([{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }]), 'unsupported fieldPath: spec.bogus');
    try {
      run([{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }]);
    } catch (e) {
      assert.ok(!(e as Error).message.includes('s3cret'));
    }
  });

  it('resolves fieldRef values', () => {
    const paths = ['metadata.name', 'metadata.namespace', 'metadata.uid', "metadata.labels['app']", "metadata.annotations['note']", 'metadata.labels', 'metadata.annotations', "metadata.labels['none']",
      'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs'];
    const c = { name: 'c', env: paths.map((p, i) => ({ name: `V${i}`, valueFrom: { fieldRef: { fieldPath: p } } })) };
    const env = containerEnvVars(pod(c), c, source(), { ...facts, podIPs: ['10.1.0.5', 'fd00::5'] });
    assert.deepEqual(Object.values(env), ['web-0', 'shop', 'u-1', 'web', 'a "q"', 'app="web"\ntier="front"', 'note="a \\"q\\""', '',
      'node-1', 'sa1', '192.168.7.1', '10.1.0.5', '10.1.0.5,fd00::5']);
  });

  it('resolves resourceFieldRef with divisors, defaulting limits to node allocatable', () => {
    const c = {
      name: 'c',
      resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '100Mi' } },
      env: [
        { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
        { name: 'CPU_REQ_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
        { name: 'CPU_LIM', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'MEM_LIM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
        { name: 'MEM_LIM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'MEM_REQ_G', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1G' } } },
      ],
    };
    const env = containerEnvVars(pod(c), c, source(), facts);
    assert.deepEqual(env, { CPU_REQ: '1', CPU_REQ_M: '250', CPU_LIM: '4', MEM_LIM: String(512 * 1024 * 1024), MEM_LIM_MI: '512', MEM_REQ_G: '1' });
    const noFacts = containerEnvVars(pod(c), c, source(), { ...facts, nodeAllocatable: undefined });
    assert.ok(Number(noFacts['CPU_LIM']) >= 1);
  });

  it('sets HOSTNAME to the (truncated, or FQDN) pod hostname', () => {
    const c = { name: 'c' };
    const long = pod(c);
    long['metadata'].name = 'a'.repeat(62) + '-bcd';
    assert.equal(resolveContainerEnv(long, c, {}, source(), facts)['HOSTNAME'], 'a'.repeat(62));
    const fqdn = pod(c, { hostname: 'h', subdomain: 'sub', setHostnameAsFQDN: true });
    assert.equal(resolveContainerEnv(fqdn, c, {}, source(), facts)['HOSTNAME'], 'h.sub.shop.svc.cluster.local');
    const override = { name: 'c', env: [{ name: 'HOSTNAME', value: 'mine' }] };
    assert.equal(resolveContainerEnv(pod(override), override, {}, source(), facts)['HOSTNAME'], 'mine');
  });
});
