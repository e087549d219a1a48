/**
 * The node agent of one virtual node: runs the pods bound to it (one PodWorker each), finishes their
 * graceful deletion, serves their logs and exec (PodStreams), and honours `ordinal node stop|start`
 * (the Node annotation node.ordinal.dev/stopped) like a power cut and a reboot.
 */
import { isNotFound } from '../../client/index.js';
import { agentStateAnnotation, stoppedAnnotation } from '../../lib/node-annotations.js';
import { objectKey, splitKey, type ControllerContext, type Informer, type KubeObject, type ReconcileResult, type Reconciler } from '../../controllers/runtime/types.js';
import type { ExecProcess } from '../sandbox/types.js';
import { StreamError, type ContainerLogRef, type PodStreams } from '../streaming/types.js';
import { informerPodInputSource } from './informer-source.js';
import { PodWorker } from './pod-worker.js';
import type { PodWorkerDeps } from './types.js';


export type NodeAgentShared = Omit<PodWorkerDeps, 'nodeName' | 'client' | 'events' | 'log' | 'now' | 'source'>;

export class NodeAgent implements Reconciler, PodStreams {
  readonly name: string;
  private ctx!: ControllerContext;
  private pods!: Informer;
  private nodes!: Informer;
  private enqueue!: (key: string) => void;
  private readonly workers = new Map<string, PodWorker>();
  private stopped = false;

  constructor(readonly nodeName: string, private readonly shared: NodeAgentShared) {
    this.name = `node-agent-${nodeName}`;
  }

  /** True while `ordinal node stop` holds this node down. */
  isStopped(): boolean {
    return this.stopped;
  }

  setup(ctx: ControllerContext, enqueue: (key: string) => void): void {
    this.ctx = ctx;
    this.enqueue = enqueue;
    this.pods = ctx.informers.informer('/api/v1/pods');
    this.nodes = ctx.informers.informer('/api/v1/nodes');
        const mine = (p: KubeObject): boolean => p['spec']?.nodeName === this.nodeName || this.workers.has(objectKey(p));
    this.pods.on({
      add: (p) => mine(p) && enqueue(objectKey(p)),
      update: (_o, p) => mine(p) && enqueue(objectKey(p)),
      delete: (p) => mine(p) && enqueue(objectKey(p)),
    });
    this.nodes.on({
      add: (n) => n['metadata'].name === this.nodeName && enqueue(this.nodeName),
      update: (_o, n) => n['metadata'].name === this.nodeName && enqueue(this.nodeName),
    });
    this.source = informerPodInputSource(ctx.informers);
    enqueue(this.nodeName);
  }

  private source!: PodWorkerDeps['source'];

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (!key.includes('/')) return this.reconcileNode();
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name);
    let worker = this.workers.get(key);
    if (worker && (!pod || pod['metadata'].uid !== worker.uid || pod['spec']?.nodeName !== this.nodeName)) {
      // deleted (force) or replaced by a new pod of the same name: nothing of the old may run on
      await worker.terminate(Number(pod?.['spec']?.terminationGracePeriodSeconds ?? 2));
      worker.removeFiles();
      this.workers.delete(key);
      worker = undefined;
    }
    if (!pod || pod['spec']?.nodeName !== this.nodeName || this.stopped) return;
    if (pod['metadata'].deletionTimestamp) return this.finishDeletion(key, pod, worker);
    const phase = pod['status']?.phase;
    if (!worker && (phase === 'Succeeded' || phase === 'Failed')) return;
    if (!worker) {
      worker = new PodWorker(pod, this.deps(), () => this.enqueue(key));
      this.workers.set(key, worker);
    }
    const wake = await worker.sync(pod);
    return wake !== undefined ? { requeueAfterMs: Math.max(wake, 50) } : undefined;
  }

  /** Graceful deletion: stop the containers within the grace period, then delete for good (grace 0). */
  private async finishDeletion(key: string, pod: KubeObject, worker: PodWorker | undefined): Promise<void> {
    if (worker && !worker.isFinished()) {
      const grace = Number(pod['metadata'].deletionGracePeriodSeconds ?? pod['spec']?.terminationGracePeriodSeconds ?? 30);
      void worker.terminate(grace).then(() => this.enqueue(key));
      return;
    }
    try {
      await this.ctx.client.request('DELETE', `/api/v1/namespaces/${pod['metadata'].namespace}/pods/${pod['metadata'].name}`, {
        body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: pod['metadata'].uid } },
      });
    } catch (err) {
      if (!isNotFound(err) && (err as { status?: number }).status !== 409) throw err;
    }
    worker?.removeFiles();
    this.workers.delete(key);
  }

  private async reconcileNode(): Promise<void> {
    const node = this.nodes.get(undefined, this.nodeName);
    if (!node) return;
    const wantStopped = node['metadata']?.annotations?.[stoppedAnnotation] === 'true';
    if (wantStopped && !this.stopped) {
      this.stopped = true;
      const victims = [...this.workers.values()];
      await Promise.all(victims.map((w) => w.kill()));
      this.workers.clear();
      this.ctx.log.info({ node: this.nodeName, pods: victims.length }, 'node stopped: every pod killed');
    } else if (!wantStopped && this.stopped) {
      this.stopped = false;
      for (const p of this.pods.list()) if (p['spec']?.nodeName === this.nodeName) this.enqueue(objectKey(p));
      this.ctx.log.info({ node: this.nodeName }, 'node started');
    }
    const state = this.stopped ? 'stopped' : 'running';
    if (node['metadata']?.annotations?.[agentStateAnnotation] !== state) {
      await this.ctx.client.request('PATCH', `/api/v1/nodes/${this.nodeName}`, {
        body: { metadata: { annotations: { [agentStateAnnotation]: state } } }, contentType: 'application/merge-patch+json',
      });
    }
  }

  /** Stops every pod of this node gracefully (server shutdown); the pods stay in the API. */
  async shutdown(maxGraceSeconds: number): Promise<void> {
    const all = [...this.workers.values()];
    await Promise.all(all.map((w) => w.terminate(Math.min(maxGraceSeconds, Number(w.terminationGracePeriod())))));
    this.workers.clear();
  }

  containerLog(namespace: string, pod: string, container: string, previous: boolean): ContainerLogRef {
    return this.worker(namespace, pod).containerLog(container, previous);
  }

  exec(namespace: string, pod: string, container: string, command: string[], tty: boolean): ExecProcess {
    return this.worker(namespace, pod).exec(container, command, tty);
  }

  private worker(namespace: string, pod: string): PodWorker {
    const w = this.workers.get(`${namespace}/${pod}`);
    if (!w) throw new StreamError(404, `pod "${pod}" in namespace "${namespace}" is not running on node ${this.nodeName}`);
    return w;
  }

  private deps(): PodWorkerDeps {
    return { ...this.shared, nodeName: this.nodeName, client: this.ctx.client, events: this.ctx.events, log: this.ctx.log, now: this.ctx.now, source: this.source };
  }
}
