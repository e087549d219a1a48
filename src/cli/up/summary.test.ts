import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claim, pod, running, statefulSet, tracked, view } from './fixtures.test-util.js';
import { formatSummary, hintCommand, imageBaseName } from './summary.js';

describe('formatSummary', () => {
  it('lists the set with its pods, the services with DNS names, the claims and what to try next', () => {
    const pods = [0, 1, 2].map((i) =>
      pod(`redis-app-${i}`, { set: 'redis-app', node: `node-${i + 1}`, phase: 'Running', ready: i < 2, ip: `10.244.${i + 1}.2`, claims: [`data-redis-app-${i}`], containers: [running(i < 2, i === 2 ? 4 : 0)] }),
    );
    const v = view({
      statefulSets: [statefulSet('redis-app', 3, { replicas: 3, readyReplicas: 2 }, { serviceName: 'redis-service' })],
      pods,
      services: [
        { metadata: { name: 'redis-service', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ port: 6379 }, { port: 16379 }] } },
        { metadata: { name: 'redis-access', namespace: 'default' }, spec: { clusterIP: '10.96.0.12', ports: [{ port: 6379, protocol: 'TCP' }] } },
        { metadata: { name: 'unrelated', namespace: 'default' }, spec: { clusterIP: '10.96.0.13', ports: [] } },
      ],
      claims: [claim('data-redis-app-0', 'Bound', 'local-path', 'pvc-123'), claim('data-redis-app-1', 'Pending', 'local-path')],
      volumes: [{ metadata: { name: 'pvc-123' }, spec: { local: { path: '/d/volumes/pvc-123' } } }],
    });
    const t = tracked({ statefulSets: [{ namespace: 'default', name: 'redis-app' }], services: [{ namespace: 'default', name: 'redis-access' }] });
    const text = formatSummary(v, t, { dataDirFlag: '--data-dir /d', kubeconfigPath: '/d/kubeconfig' });
    assert.equal(
      text,
      `statefulset/redis-app  2/3 ready
  POD           NODE     IP           READY             RESTARTS
  redis-app-0   node-1   10.244.1.2   1/1               0
  redis-app-1   node-2   10.244.2.2   1/1               0
  redis-app-2   node-3   10.244.3.2   0/1 (not ready)   4
service/redis-service  headless  ports 6379/TCP,16379/TCP
  DNS: redis-service.default.svc.cluster.local (the ready pods' addresses)
  DNS: redis-app-0.redis-service.default.svc.cluster.local ... redis-app-2.redis-service.default.svc.cluster.local
service/redis-access  ClusterIP 10.96.0.12  ports 6379/TCP
  DNS: redis-access.default.svc.cluster.local
claims
  CLAIM              STATUS    VOLUME    CAPACITY   STORAGECLASS   PATH
  data-redis-app-0   Bound     pvc-123   1Gi        local-path     /d/volumes/pvc-123
  data-redis-app-1   Pending   <none>    1Gi        local-path
next steps
  ordinal exec --data-dir /d redis-app-0 -- redis-cli info replication
  ordinal logs --data-dir /d redis-app-0
  kubectl --kubeconfig /d/kubeconfig get pods,svc,pvc -A -o wide
  ordinal down --data-dir /d    (stops the control plane and its pods; the data is kept)
`,
    );
  });

  it("shows an RBD claim's image and, when the claim named no class, its volume's class (seed 000)", () => {
    const c = claim('redis-volume-redis-0', 'Bound', undefined, 'pvc-9');
    const v = view({
      claims: [c],
      volumes: [{ metadata: { name: 'pvc-9' }, spec: { storageClassName: 'default', rbd: { pool: 'kube', image: 'kubernetes-dynamic-pvc-9' } } }],
    });
    const text = formatSummary(v, tracked({ claims: [{ namespace: 'default', name: 'redis-volume-redis-0' }] }), { dataDirFlag: '', kubeconfigPath: '/k' });
    assert.match(text, /redis-volume-redis-0\s+Bound\s+pvc-9\s+1Gi\s+default\s+rbd kube\/kubernetes-dynamic-pvc-9\n/);
  });

  it('picks a command that shows the service works by image', () => {
    assert.equal(imageBaseName('docker.io/library/redis:7.2@sha256:abc'), 'redis');
    assert.equal(imageBaseName('localhost:5000/etcd'), 'etcd');
    assert.equal(hintCommand('quay.io/coreos/etcd:v3.5.0'), 'etcdctl endpoint health');
    assert.equal(hintCommand('busybox'), 'sh');
  });
});
