import type { ProxyEndpoint } from './types.js';

const same = (a: ProxyEndpoint, b: ProxyEndpoint): boolean => a.ip === b.ip && a.port === b.port;

/**
 * Round-robin over a Service port's ready endpoints, as the userspace kube-proxy's LoadBalancerRR:
 * each new connection starts at the next endpoint and may fall through to the others in order when a
 * connect fails. Replacing the list keeps the turn on the endpoint that would have come next.
 */
export class EndpointRotation {
  private endpoints: ProxyEndpoint[] = [];
  private next = 0;

  constructor(endpoints: readonly ProxyEndpoint[] = []) {
    this.set(endpoints);
  }

  set(endpoints: readonly ProxyEndpoint[]): void {
    const upcoming = this.endpoints[this.next];
    this.endpoints = endpoints.map((e) => ({ ip: e.ip, port: e.port }));
    const keep = upcoming ? this.endpoints.findIndex((e) => same(e, upcoming)) : -1;
    this.next = keep >= 0 ? keep : this.endpoints.length === 0 ? 0 : this.next % this.endpoints.length;
  }

  current(): ProxyEndpoint[] {
    return this.endpoints.map((e) => ({ ...e }));
  }

  get size(): number {
    return this.endpoints.length;
  }

  /** The endpoints to try for one new connection, first choice first; advances the turn by one. */
  take(): ProxyEndpoint[] {
    const n = this.endpoints.length;
    if (n === 0) return [];
    const start = this.next;
    this.next = (start + 1) % n;
    return [...this.endpoints.slice(start), ...this.endpoints.slice(0, start)];
  }

  /** Whether `endpoint` is still one of the ready endpoints (connections in flight check this). */
  has(endpoint: ProxyEndpoint): boolean {
    return this.endpoints.some((e) => same(e, endpoint));
  }
}
