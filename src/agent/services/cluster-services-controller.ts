/**
 * The node's view of Services: one reconciler that, whenever a Service, Endpoints or pod address
 * changes, rebuilds the cluster DNS records and re-syncs the Service proxy from the caches. Every
 * change maps to the same key, so a burst of changes costs one rebuild (the work queue coalesces).
 */
import { buildClusterDnsRecords, type ClusterDnsRecords } from '../dns/index.js';
import type { ControllerContext, Informer, KubeObject, Reconciler, ReconcileResult } from '../../controllers/runtime/index.js';
import { planClusterServices } from './cluster-services-plan.js';
import type { ProxyProblem, ServiceProxy } from './types.js';

/** The part of DnsServer the controller needs. */
export interface DnsRecordSink {
  update(records: ClusterDnsRecords): void;
}

export interface ClusterServicesControllerOptions {
  dns: DnsRecordSink;
  proxy: ServiceProxy;
  zone?: string;
  /** How soon to try again after the proxy reported problems; default 10 s. */
  retryAfterMs?: number;
}

export const clusterServicesKey = 'cluster-services';

const podAddress = (pod: KubeObject): string => `${pod['metadata']?.namespace}|${pod['status']?.podIP ?? ''}|${pod['status']?.phase ?? ''}`;

export function createClusterServicesController(options: ClusterServicesControllerOptions): Reconciler {
  let ctx: ControllerContext | undefined;
  let caches: { services: Informer; endpoints: Informer; pods: Informer } | undefined;
  let lastProblems = '';

  function report(problems: ProxyProblem[]): void {
    const summary = JSON.stringify(problems);
    if (summary === lastProblems) return; // say it once, not on every rebuild
    lastProblems = summary;
    for (const p of problems) ctx?.log.warn({ target: p.target, code: p.code }, p.message);
  }

  return {
    name: 'cluster-services',
    setup(c, enqueue) {
      ctx = c;
      caches = {
        services: c.informers.informer('/api/v1/services'),
        endpoints: c.informers.informer('/api/v1/endpoints'),
        pods: c.informers.informer('/api/v1/pods'),
      };
      const poke = (): void => enqueue(clusterServicesKey);
      caches.services.on({ add: poke, update: poke, delete: poke });
      caches.endpoints.on({ add: poke, update: poke, delete: poke });
      // Pods matter for their `a-b-c-d.<ns>.pod` names only: ignore status churn that keeps the address.
      caches.pods.on({ add: poke, update: (o, n) => podAddress(o) !== podAddress(n) && poke(), delete: poke });
      poke();
    },
    async reconcile(): Promise<ReconcileResult | void> {
      if (!ctx || !caches) return;
      const { services, endpoints, pods } = caches;
      if (!services.hasSynced() || !endpoints.hasSynced() || !pods.hasSynced()) return { requeueAfterMs: 100 };
      const plan = planClusterServices({ services: services.list(), endpoints: endpoints.list(), pods: pods.list(), ...(options.zone ? { zone: options.zone } : {}) });
      const records = buildClusterDnsRecords(plan.dns);
      options.dns.update(records);
      const { problems } = await options.proxy.sync(plan.proxy);
      report(problems);
      ctx.log.debug({ records: records.all().length, proxied: plan.proxy.length, problems: problems.length }, 'cluster services synced');
      return problems.length > 0 ? { requeueAfterMs: options.retryAfterMs ?? 10_000 } : undefined;
    },
  };
}
