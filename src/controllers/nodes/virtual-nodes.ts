/**
 * Registers virtual nodes node-1..node-N and keeps them alive the way kubelets do: create the Node
 * if missing, add our labels if missing, post status (capacity, Ready, heartbeat) when it drifts or
 * every `statusReportMs`, renew a Lease in kube-node-lease every `leaseRenewMs`. The spec is never
 * written: cordon (spec.unschedulable) and taints belong to the user. A virtual node left over from
 * a larger --nodes is marked Unknown, as the node lifecycle controller marks a silent kubelet.
 * The node agent (real pods on these nodes) replaces this registrar later.
 */
import { isNotFound, type KubeClient } from '../../client/index.js';
import type { ControllerContext, Informer, KubeObject, ReconcileResult, Reconciler } from '../runtime/types.js';
import { readHostFacts, type HostFacts } from './host-facts.js';
import {
  lastHeartbeat, leaseNamespace, leaseRenewal, missingLabels, newNode, nodeConditions, nodeLease, nodeStatus, statusDrifted, virtualNodeLabel, virtualNodeNames,
} from './node-object.js';

export interface VirtualNodesOptions {
  count: number;
  /** Lease renewal interval (kubelet: 10 s). */
  leaseRenewMs?: number;
  /** Status is re-posted at least this often even when nothing changed (default 60 s). */
  statusReportMs?: number;
  /** Where pod scratch space lives (for ephemeral-storage capacity); default the OS temp dir. */
  storagePath?: string;
  /** The host's facts (a test may pass its own). */
  facts?: HostFacts;
  /** The port of the node's kubelet server (logs, exec); 0 when nothing serves it (virtual nodes). */
  kubeletPort?: (node: string) => number;
  /** A stopped node agent posts nothing: no status, no Lease (`ordinal node stop`). */
  paused?: (node: string) => boolean;
}

const nodesPath = '/api/v1/nodes';
const leasesPath = `/apis/coordination.k8s.io/v1/namespaces/${leaseNamespace}/leases`;
const merge = 'application/merge-patch+json';

export function createVirtualNodes(options: VirtualNodesOptions): Reconciler {
  return new VirtualNodes(options);
}

class VirtualNodes implements Reconciler {
  readonly name = 'virtual-nodes';
  private ctx!: ControllerContext;
  private nodes!: Informer;
  private leases!: Informer;
  private readonly names: Set<string>;
  private readonly facts: HostFacts;

  constructor(private readonly options: VirtualNodesOptions) {
    this.names = new Set(virtualNodeNames(options.count));
    this.facts = options.facts ?? readHostFacts(options.storagePath);
  }

  setup(ctx: ControllerContext, enqueue: (key: string) => void): void {
    this.ctx = ctx;
    this.nodes = ctx.informers.informer(nodesPath);
    this.leases = ctx.informers.informer(leasesPath);
    // re-register a node someone deleted, and notice leftovers from a larger --nodes
    this.nodes.on({ add: (n) => enqueue(n['metadata'].name), delete: (n) => enqueue(n['metadata'].name) });
    for (const name of this.names) enqueue(name);
  }

  async reconcile(name: string): Promise<ReconcileResult | void> {
    const node = this.nodes.get(undefined, name);
    if (!this.names.has(name)) {
      if (node?.['metadata']?.labels?.[virtualNodeLabel] === 'true') await this.markSilent(node);
      return;
    }
    if (this.options.paused?.(name)) return { requeueAfterMs: this.options.leaseRenewMs ?? 10_000 };
    const now = this.ctx.now();
    const client = this.ctx.client;
    const port = this.options.kubeletPort?.(name) ?? 0;
    let current = node;
    if (!current) {
      current = await createIfMissing(client, newNode(name, this.facts));
      this.ctx.log.info({ node: name }, 'registered virtual node');
      this.ctx.events.event({ ...current, kind: 'Node', apiVersion: 'v1' }, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
    }
    const labels = missingLabels(current, this.facts);
    if (labels) await client.request('PATCH', `${nodesPath}/${name}`, { body: { metadata: { labels } }, contentType: merge });
    const beat = lastHeartbeat(current);
    const reportMs = this.options.statusReportMs ?? 60_000;
    if (!node || beat === undefined || now.getTime() - beat >= reportMs || statusDrifted(current, this.facts, port)) {
      await client.request('PATCH', `${nodesPath}/${name}/status`, { body: { status: nodeStatus(name, this.facts, current, now, port) }, contentType: merge });
    }
    await this.renewLease(name, current['metadata']?.uid, now);
    return { requeueAfterMs: this.options.leaseRenewMs ?? 10_000 };
  }

  private async renewLease(name: string, uid: string | undefined, now: Date): Promise<void> {
    const client = this.ctx.client;
    if (this.leases.get(leaseNamespace, name)) {
      try {
        await client.request('PATCH', `${leasesPath}/${name}`, { body: leaseRenewal(now), contentType: merge });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    await createIfMissing(client, nodeLease(name, uid, now), leasesPath);
  }

  /** A node of ours beyond --nodes: nobody posts for it any more. */
  private async markSilent(node: KubeObject): Promise<void> {
    const ready = (node['status']?.conditions ?? []).find((c: KubeObject) => c['type'] === 'Ready');
    if (ready?.status === 'Unknown') return;
    const conditions = nodeConditions(node, this.ctx.now(), false);
    await this.ctx.client.request('PATCH', `${nodesPath}/${node['metadata'].name}/status`, { body: { status: { conditions } }, contentType: merge });
    this.ctx.log.info({ node: node['metadata'].name }, 'virtual node no longer run: marked Unknown');
  }
}

/** POST, or GET what is already there (another writer won the race). */
async function createIfMissing(client: KubeClient, obj: KubeObject, collection = nodesPath): Promise<KubeObject> {
  try {
    return await client.request<KubeObject>('POST', collection, { body: obj });
  } catch (err) {
    if ((err as { status?: number }).status !== 409) throw err;
    return client.request<KubeObject>('GET', `${collection}/${obj['metadata'].name}`);
  }
}
