import type { ContainerPortLike } from './types.js';

/**
 * A probe's port: a number, or a container port name (the kubelet's extractPort, which also
 * accepts a number written as a string). Returns a message when it cannot.
 */
export function resolvePort(port: unknown, ports: readonly ContainerPortLike[]): number | string {
  let value: number | undefined;
  if (typeof port === 'number') value = port;
  else if (typeof port === 'string') {
    const named = ports.find((p) => p.name === port);
    if (named) value = named.containerPort;
    else if (/^\d+$/.test(port)) value = Number(port);
    else return `couldn't find port: ${port} in ${JSON.stringify(ports.map((p) => ({ name: p.name ?? '', containerPort: p.containerPort })))}`;
  }
  if (value === undefined || !Number.isInteger(value) || value <= 0 || value >= 65536) return `invalid port number: ${String(port)}`;
  return value;
}

/** `host:port`, with brackets for IPv6. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
