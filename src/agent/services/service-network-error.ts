import { OrdinalError } from '../../lib/errors.js';

/**
 * A Service proxy or cluster DNS failure with a stable `code`: E_PROXY_BIND (a ClusterIP or node
 * port could not be listened on), E_PROXY_ADDRESS (a ClusterIP could not be put on the bridge),
 * E_PROXY_PROTOCOL (a protocol the userspace proxy does not carry), E_DNS_PORT_IN_USE and
 * E_DNS_PORT_DENIED (the cluster DNS cannot bind its port), E_PROXY_STOPPED (used after stop()).
 */
export class ServiceNetworkError extends OrdinalError {}
