import { StreamError } from './types.js';

/**
 * The query of GET /containerLogs. timestamps, sinceSeconds and sinceTime are accepted and ignored:
 * container logs here are raw files without a time per line (a kubelet's CRI log has one).
 */
export interface LogOptions {
  follow: boolean;
  previous: boolean;
  /** Only the last N lines (undefined = all). */
  tailLines: number | undefined;
  /** Stop after this many bytes (undefined = no limit). */
  limitBytes: number | undefined;
}

/** `?follow`, `?follow=true` and `?follow=1` are true; `false`, `0` or absent are false. */
export function isTrueParam(query: URLSearchParams, ...names: string[]): boolean {
  for (const name of names) {
    const v = query.get(name);
    if (v !== null && v !== 'false' && v !== '0') return true;
  }
  return false;
}

function nonNegativeInt(query: URLSearchParams, name: string, min: number): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new StreamError(400, `${name}: Invalid value: "${v}": must be ${min === 0 ? 'greater than or equal to 0' : 'greater than 0'}`);
  return n;
}

export function parseLogOptions(query: URLSearchParams): LogOptions {
  return {
    follow: isTrueParam(query, 'follow'),
    previous: isTrueParam(query, 'previous'),
    tailLines: nonNegativeInt(query, 'tailLines', 0),
    limitBytes: nonNegativeInt(query, 'limitBytes', 1),
  };
}
