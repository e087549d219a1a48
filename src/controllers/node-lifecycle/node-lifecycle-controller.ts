/**
 * The node lifecycle controller (kube-controller-manager's nodelifecycle, taint-based eviction):
 * watches Nodes, their Leases in kube-node-lease and the pods bound to them; a node silent for
 * longer than the grace period goes Unknown and gets the unreachable taints, a node whose kubelet
 * posts Ready False gets the not-ready taints, and both lose them when Ready is True again. The
 * NoExecute taints are what the taint eviction controller acts on.
 */
import type { ControllerContext, Informer, KubeObject, ReconcileResult, Reconciler } from '../runtime/types.js';
import { actOnNode } from './act.js';
import { isDown, planNode, type NodeLifecycleTiming } from './plan.js';

export interface NodeLifecycleOptions {
  /** kube: --node-monitor-grace-period (default 40 s). */
  gracePeriodMs?: number;
  /** kube: --node-startup-grace-period (default 60 s). */
  startupGracePeriodMs?: number;
  /** How often each node is looked at again (kube: --node-monitor-period, default 5 s). */
  monitorPeriodMs?: number;
  /** The clock (default the controller context's). */
  now?: () => Date;
}

const leaseNamespace = 'kube-node-lease';
const zoneLabel = 'topology.kubernetes.io/zone';

const zoneOf = (node: KubeObject): string => node['metadata']?.labels?.[zoneLabel] ?? '';

export function createNodeLifecycleController(options: NodeLifecycleOptions = {}): Reconciler {
  const timing: NodeLifecycleTiming = { gracePeriodMs: options.gracePeriodMs ?? 40_000, startupGracePeriodMs: options.startupGracePeriodMs ?? 60_000 };
  const monitorPeriodMs = options.monitorPeriodMs ?? 5_000;
  const firstSeen = new Map<string, number>();
  let ctx!: ControllerContext;
  let nodes!: Informer;
  let leases!: Informer;
  let pods!: Informer;
  const now = (): number => (options.now ?? ctx.now)().getTime();

  /**
   * Were this node down, would its whole zone be (kube's full disruption: evictions stop and the
   * NoExecute taints go)? True when every other node of the zone is down, or there is none.
   */
  function zonePeersDown(node: KubeObject): boolean {
    const name = node['metadata'].name;
    return nodes.list().filter((n) => n['metadata'].name !== name && zoneOf(n) === zoneOf(node)).every(isDown);
  }

  return {
    name: 'node-lifecycle',
    setup(c, enqueue) {
      ctx = c;
      nodes = c.informers.informer('/api/v1/nodes');
      leases = c.informers.informer(`/apis/coordination.k8s.io/v1/namespaces/${leaseNamespace}/leases`);
      pods = c.informers.informer('/api/v1/pods');
      nodes.on({
        add: (n) => enqueue(n['metadata'].name),
        update: (_o, n) => enqueue(n['metadata'].name),
        delete: (n) => {
          firstSeen.delete(n['metadata'].name);
          enqueue(n['metadata'].name);
        },
      });
      // a pod landing on (or still on) an unreachable node must be marked not ready
      const forPod = (p: KubeObject): void => {
        const nodeName = p['spec']?.nodeName;
        if (nodeName && nodes.get(undefined, nodeName) && isDown(nodes.get(undefined, nodeName)!)) enqueue(nodeName);
      };
      pods.on({ add: forPod, update: (_o, p) => forPod(p) });
    },
    async reconcile(name): Promise<ReconcileResult | void> {
      const node = nodes.get(undefined, name);
      if (!node) return;
      const nowMs = now();
      if (!firstSeen.has(name)) firstSeen.set(name, nowMs);
      const observed = {
        node,
        lease: leases.get(leaseNamespace, name),
        pods: pods.list().filter((p) => p['spec']?.nodeName === name),
        firstSeenMs: firstSeen.get(name)!,
        evictionSuspended: zonePeersDown(node),
      };
      const plan = planNode(observed, nowMs, timing);
      ctx.log.debug({ node: name, plan }, 'node lifecycle plan');
      if (plan.actions.length > 0) await actOnNode(ctx, node, plan.actions);
      const wake = plan.silentInMs === undefined ? monitorPeriodMs : Math.min(monitorPeriodMs, plan.silentInMs + 1);
      return { requeueAfterMs: wake };
    },
  };
}
