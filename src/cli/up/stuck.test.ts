import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claim, event, pod, readyNode, running, statefulSet, tracked, view, waiting } from './fixtures.test-util.js';
import { diagnose, formatDiagnosis, hasBlocking, logKey } from './stuck.js';

const webSet = tracked({ statefulSets: [{ namespace: 'default', name: 'web' }] });
const reasons = (fs: { subject: string; reason: string }[]): string[] => fs.map((f) => `${f.subject} ${f.reason}`);

describe('diagnose', () => {
  it('names the missing StorageClass of a claim that keeps its pod from being scheduled', () => {
    const v = view({
      statefulSets: [statefulSet('web', 2, { replicas: 1 })],
      pods: [pod('web-0', { set: 'web', claims: ['data-web-0'] })],
      claims: [claim('data-web-0', 'Pending', 'fast')],
      events: [
        event('Pod', 'web-0', 'FailedScheduling', 'no nodes available to schedule pods', 'Warning', '2025-01-01T00:00:00Z'),
        event('Pod', 'web-0', 'FailedScheduling', 'pod has unbound immediate PersistentVolumeClaims', 'Warning', '2025-01-01T00:00:05Z'),
        event('PersistentVolumeClaim', 'data-web-0', 'ProvisioningFailed', 'storageclass.storage.k8s.io "fast" not found'),
      ],
    });
    const findings = diagnose(v, webSet);
    assert.deepEqual(reasons(findings), [
      'statefulset/web OrderedReady',
      'pod/web-0 FailedScheduling',
      'persistentvolumeclaim/data-web-0 ProvisioningFailed',
    ]);
    assert.equal(findings[1]?.message, 'pod has unbound immediate PersistentVolumeClaims', 'the newest event');
    assert.match(findings[2]?.message ?? '', /"fast" not found/);
    assert.equal(hasBlocking(findings), true);
    assert.equal(findings[0]?.blocking, false);
  });

  it('checks the StorageClass itself when no event says why yet', () => {
    const v = view({ pods: [pod('solo', { claims: ['c'] })], claims: [claim('c', 'Pending', 'fast')] });
    const f = diagnose(v, tracked({ pods: [{ namespace: 'default', name: 'solo' }] }));
    assert.deepEqual(reasons(f), ['pod/solo Pending', 'persistentvolumeclaim/c NoStorageClass']);
    assert.match(f[1]!.message, /StorageClass "fast" does not exist/);
    const noDefault = diagnose(view({ claims: [claim('c', 'Pending')], storageClasses: [] }), tracked({ claims: [{ namespace: 'default', name: 'c' }] }));
    assert.match(noDefault[0]!.message, /no storageClassName and no default StorageClass/);
    const bound = diagnose(view({ claims: [claim('c', 'Bound', 'local-path', 'pv-1')] }), tracked({ claims: [{ namespace: 'default', name: 'c' }] }));
    assert.deepEqual(bound, []);
  });

  it('reports an image that cannot be pulled, with the image and the message', () => {
    const v = view({ pods: [pod('p', { node: 'node-1', containers: [waiting('ImagePullBackOff', 'Back-off pulling image "no-such-image-xyz"', { image: 'no-such-image-xyz' })] })] });
    const [f] = diagnose(v, tracked({ pods: [{ namespace: 'default', name: 'p' }] }));
    assert.equal(f?.reason, 'ImagePullBackOff');
    assert.equal(f?.message, 'container app, image "no-such-image-xyz": Back-off pulling image "no-such-image-xyz"');
    assert.equal(f?.blocking, true);
  });

  it('reports a crash loop with its last exit code and asks for the previous log', () => {
    const crashing = waiting('CrashLoopBackOff', 'back-off 20s restarting failed container', { restartCount: 3, lastState: { terminated: { exitCode: 127, reason: 'Error' } } });
    const v = view({ statefulSets: [statefulSet('web', 1, { replicas: 1 })], pods: [pod('web-0', { set: 'web', node: 'node-1', phase: 'Running', containers: [crashing] })] });
    const findings = diagnose(v, webSet);
    const f = findings.find((x) => x.reason === 'CrashLoopBackOff');
    assert.equal(f?.message, 'container app keeps exiting: last exit code 127 (Error), 3 restarts');
    assert.deepEqual(f?.log, { namespace: 'default', pod: 'web-0', container: 'app', previous: true });
    const logs = new Map([[logKey(f!.log!), Array.from({ length: 15 }, (_, i) => `line ${i + 1}`).join('\n') + '\n']]);
    const text = formatDiagnosis(findings, logs);
    assert.match(text, /pod\/web-0: CrashLoopBackOff: container app keeps exiting/);
    assert.match(text, /last 10 log lines of app \(previous instance\):\n {6}\| line 6\n/);
    assert.match(text, /\| line 15\n$/);
    assert.doesNotMatch(text, /\| line 5\n/);
  });

  it('reports config errors and failing probes, and a running pod without a probe event is just not ready yet', () => {
    const config = view({ pods: [pod('p', { node: 'node-1', containers: [waiting('CreateContainerConfigError', 'secret "pw" not found')] })] });
    assert.deepEqual(diagnose(config, tracked({ pods: [{ namespace: 'default', name: 'p' }] })).map((f) => f.message), ['container app: secret "pw" not found']);
    const unready = view({ pods: [pod('p', { node: 'node-1', phase: 'Running', containers: [running(false)] })] });
    const quiet = diagnose(unready, tracked({ pods: [{ namespace: 'default', name: 'p' }] }));
    assert.deepEqual(reasons(quiet), ['pod/p NotReady']);
    assert.equal(hasBlocking(quiet), false);
    unready.events.push(event('Pod', 'p', 'Unhealthy', 'Readiness probe failed: dial tcp 10.244.1.2:6379: connect: connection refused'));
    const failing = diagnose(unready, tracked({ pods: [{ namespace: 'default', name: 'p' }] }));
    assert.deepEqual(reasons(failing), ['pod/p Unhealthy']);
    assert.match(failing[0]!.message, /^Readiness probe failed: dial tcp/);
  });

  it('blames a node that is not ready, and waits quietly for an agent that has not reported yet', () => {
    const v = view({ nodes: [readyNode('node-1'), readyNode('node-2', false)], pods: [pod('a', { node: 'node-2' }), pod('b', { node: 'node-1' })] });
    const f = diagnose(v, tracked({ pods: [{ namespace: 'default', name: 'a' }, { namespace: 'default', name: 'b' }] }));
    assert.deepEqual(reasons(f), ['node/node-2 NodeNotReady', 'pod/b Scheduled']);
    assert.equal(f[0]?.blocking, true);
    assert.equal(f[1]?.blocking, false);
  });

  it('finds nothing when everything is ready, and says so', () => {
    const v = view({
      statefulSets: [statefulSet('web', 1, { replicas: 1, readyReplicas: 1 })],
      pods: [pod('web-0', { set: 'web', node: 'node-1', phase: 'Running', ready: true, containers: [running(true)] })],
    });
    assert.deepEqual(diagnose(v, webSet), []);
    assert.equal(formatDiagnosis([]), 'nothing found that explains the wait\n');
  });

  it('notes a set the controller has not seen, a rolling update, and a set that is gone', () => {
    const set = statefulSet('web', 1, { replicas: 1, readyReplicas: 1, currentRevision: 'web-1', updateRevision: 'web-2', updatedReplicas: 0 });
    set['metadata'].generation = 2;
    const f = diagnose(view({ statefulSets: [set], pods: [pod('web-0', { set: 'web', node: 'node-1', phase: 'Running', ready: true, containers: [running(true)] })] }), webSet);
    assert.deepEqual(reasons(f), ['statefulset/web NotObserved', 'statefulset/web RollingUpdate']);
    assert.deepEqual(reasons(diagnose(view({}), webSet)), ['statefulset/web NotFound']);
  });
});
