import { apiErrors } from '../../lib/errors.js';
import type { KubeObject } from '../../store/types.js';
import type { ApiContext } from './context.js';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function cidrRange(cidr: string): { first: number; last: number } {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const first = Math.floor(ipToInt(base!) / size) * size;
  return { first: first + 1, last: first + size - 2 };
}

function usedServiceValues(ctx: ApiContext): { ips: Set<string>; nodePorts: Set<number> } {
  const ips = new Set<string>();
  const nodePorts = new Set<number>();
  for (const item of ctx.store.list('/core/services/').items) {
    const spec = item.value['spec'] ?? {};
    for (const ip of spec.clusterIPs ?? [spec.clusterIP]) if (ip && ip !== 'None') ips.add(ip);
    for (const p of spec.ports ?? []) if (p.nodePort) nodePorts.add(p.nodePort);
  }
  return { ips, nodePorts };
}

/**
 * Allocate spec.clusterIP(s) and node ports on Service create, as kube-apiserver's allocators do.
 * The allocation is derived from the stored Services (no separate bitmap), so it never leaks.
 */
export function allocateServiceAddresses(ctx: ApiContext, svc: KubeObject): void {
  const spec = (svc['spec'] ??= {});
  const used = usedServiceValues(ctx);
  const { first, last } = cidrRange(ctx.serviceCidr);
  if (spec.type === 'ExternalName') return;
  if (spec.clusterIP === undefined || spec.clusterIP === '') {
    let ip: string | undefined;
    for (let n = first + 9; n <= last && !ip; n++) if (!used.ips.has(intToIp(n))) ip = intToIp(n);
    for (let n = first; n < first + 9 && !ip; n++) if (!used.ips.has(intToIp(n))) ip = intToIp(n);
    if (!ip) throw apiErrors.internal(`failed to allocate a serviceIP: range ${ctx.serviceCidr} is full`);
    spec.clusterIP = ip;
  } else if (spec.clusterIP !== 'None') {
    const n = ipToInt(spec.clusterIP);
    if (n < first || n > last) {
      throw apiErrors.invalid('Service', svc['metadata']?.name ?? '', [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: "${spec.clusterIP}": provided IP is not in the valid range. The range of valid IPs is ${ctx.serviceCidr}` }]);
    }
    if (used.ips.has(spec.clusterIP)) {
      throw apiErrors.invalid('Service', svc['metadata']?.name ?? '', [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: "${spec.clusterIP}": provided IP is already allocated` }]);
    }
  }
  spec.clusterIPs = [spec.clusterIP];
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    let next = 30000;
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      while (used.nodePorts.has(next) && next <= 32767) next++;
      if (next > 32767) throw apiErrors.internal('failed to allocate a nodePort: range 30000-32767 is full');
      p.nodePort = next;
      used.nodePorts.add(next);
    }
  }
}
