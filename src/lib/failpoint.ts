/**
 * Failpoints for crash tests: `ORDINAL_FAILPOINTS=name1,name2` makes the process kill itself with
 * SIGKILL (no clean-up, no flush - like a power cut or an OOM kill) the first time it reaches one of
 * the named points. A trailing `*` matches a prefix. Unset (always, outside tests) it does nothing.
 */
const spec = (process.env['ORDINAL_FAILPOINTS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function failpointArmed(name: string): boolean {
  return spec.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : p === name));
}

/** Dies here when `name` is armed. */
export function failpoint(name: string): void {
  if (spec.length === 0 || !failpointArmed(name)) return;
  process.stderr.write(`failpoint ${name}: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}
