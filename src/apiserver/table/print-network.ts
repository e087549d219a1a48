/** Services and Endpoints. */
import type { IService } from 'kubernetes-models/v1/Service';
import type { IEndpoints } from 'kubernetes-models/v1/Endpoints';
import type { KubeObject } from '../../store/types.js';
import { ageColumn, column, formatLabels, nameColumn, wide } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

function loadBalancerAddresses(svc: IService): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
}

/** The External-IP cell; depends on the service type. */
export function externalIp(svc: IService): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(svc), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** "6379/TCP,80:30080/TCP". */
export function servicePorts(svc: IService): string {
  const ports = (svc.spec?.ports ?? []).map((p) => {
    const protocol = p.protocol ?? 'TCP';
    return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  });
  return ports.length > 0 ? ports.join(',') : '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'string', 'How the service is exposed (ClusterIP, NodePort, LoadBalancer, ExternalName).'),
    column('Cluster-IP', 'string', 'The service\'s cluster IP, or None for a headless service.'),
    column('External-IP', 'string', 'Addresses the service is reachable on from outside the cluster.'),
    column('Port(s)', 'string', 'The ports the service exposes.'),
    ageColumn,
    wide('Selector', 'string', 'Label selector of the pods behind the service.'),
  ],
  cells(obj: KubeObject, now: Date) {
    const svc = obj as IService;
    return [
      svc.metadata?.name ?? '',
      svc.spec?.type ?? 'ClusterIP',
      svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>',
      externalIp(svc),
      servicePorts(svc),
      since(svc.metadata?.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const maxEndpoints = 3;

/** "10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379 + 2 more...", or `<none>` without subsets. */
export function formatEndpoints(ep: IEndpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let total = 0;
  const add = (text: string): void => {
    if (shown.length < maxEndpoints) shown.push(text);
  };
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports: list bare addresses.
      total += addresses.length;
      for (const a of addresses) add(a.ip);
      continue;
    }
    for (const p of ports) {
      total += addresses.length;
      for (const a of addresses) add(hostPort(a.ip, p.port));
    }
  }
  const list = shown.join(',');
  return total > maxEndpoints ? `${list} + ${total - maxEndpoints} more...` : list;
}

export const endpointsPrinter: Printer = {
  columns: [
    nameColumn,
    column('Endpoints', 'string', 'Ready address:port pairs (the first few).'),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date) {
    const ep = obj as IEndpoints;
    return [ep.metadata?.name ?? '', formatEndpoints(ep), since(ep.metadata?.creationTimestamp, now)];
  },
};
