/**
 * The Service proxy's contract: plain, already-decided values (the caller reads Services and
 * Endpoints and picks the ready addresses), and the role that makes ClusterIPs answer.
 */

export type ProxyProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface ProxyEndpoint {
  ip: string;
  port: number;
}

export interface ProxiedPort {
  /** The Service port's name ('' or absent for a single unnamed port). */
  name?: string;
  port: number;
  protocol: ProxyProtocol;
  /** Also answered on the node (`127.0.0.1:<nodePort>`) when set. */
  nodePort?: number;
  /** Ready endpoints, in a stable order; round-robin walks them. */
  endpoints: ProxyEndpoint[];
}

export interface ProxiedService {
  namespace: string;
  name: string;
  /** A virtual IP, or 'None'/'' for a headless Service (which is not proxied). */
  clusterIP: string;
  ports: ProxiedPort[];
}

/** One port that could not be served this time (the rest were); sync again to retry. */
export interface ProxyProblem {
  /** `<namespace>/<name>:<port>/<protocol>` or `<ip>` for an address. */
  target: string;
  code: string;
  message: string;
}

export interface ProxySyncResult {
  problems: ProxyProblem[];
}

/**
 * Makes every ClusterIP:port answer by forwarding to the Service's ready endpoints. sync() is
 * level-triggered and idempotent: it converges to exactly the given set (listeners and addresses of
 * services no longer given are removed) and reports what it could not do instead of failing whole.
 */
export interface ServiceProxy {
  sync(services: readonly ProxiedService[]): Promise<ProxySyncResult>;
  /** Closes every listener and removes every address this proxy added. */
  stop(): Promise<void>;
}
