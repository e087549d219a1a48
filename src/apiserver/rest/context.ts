import type { Logger } from '../../lib/log.js';
import type { Store } from '../../store/types.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';

/** What the REST handlers share. Clock and ids come in here so tests can drive them. */
export interface ApiContext {
  store: Store;
  registry: ResourceRegistry;
  log: Logger;
  now(): Date;
  newUid(): string;
  /** Service ClusterIP range, e.g. "10.96.0.0/16". */
  serviceCidr: string;
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
