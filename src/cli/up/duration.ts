import { CliError } from '../commands/cli-error.js';

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `10m`, `90s`, `1h30m`, `500ms` or a plain number of seconds, in milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) throw new CliError(`${flag} must be a duration such as 90s, 10m or 1h, got "${text}"`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * (units[p[2]!] ?? 0), 0);
}
