/**
 * Ceph's ini files - ceph.conf and keyrings - read as Ceph reads them: `[section]` headers,
 * `key = value` lines, `#` and `;` comments (also after a value), option names in which spaces,
 * underscores and dashes are the same (`mon host` = `mon_host` = `mon-host`), values optionally
 * quoted, a trailing backslash continuing a line. Pure.
 */

export type CephIni = Map<string, Map<string, string>>;

/** `Mon  Host` -> `mon_host`. */
export function normalizeOptionName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '_');
}

export function parseCephIni(text: string): CephIni {
  const out: CephIni = new Map();
  let section = out.get('global') ?? new Map<string, string>();
  out.set('global', section);
  const lines = text.replace(/\\\r?\n/g, '').split(/\r?\n/);
  for (const raw of lines) {
    const line = stripComment(raw).trim();
    if (line === '') continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.trim();
      section = out.get(name) ?? new Map<string, string>();
      out.set(name, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    section.set(normalizeOptionName(line.slice(0, eq)), unquote(line.slice(eq + 1).trim()));
  }
  return out;
}

/** The text before the first `#` or `;` that is not inside double quotes. */
function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '#' || ch === ';')) return line.slice(0, i);
  }
  return line;
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** An option of a section (`global` by default), by any of its spellings. */
export function iniValue(ini: CephIni, name: string, section = 'global'): string | undefined {
  return ini.get(section)?.get(normalizeOptionName(name));
}

/** The monitors a ceph.conf names: `mon host` in [global], else the `mon addr` of its [mon.X] sections. */
export function monHostOf(ini: CephIni): string | undefined {
  const host = iniValue(ini, 'mon host');
  if (host && host.trim() !== '') return host.trim();
  const addrs = [...ini.entries()].filter(([name]) => name.startsWith('mon.')).map(([, s]) => s.get('mon_addr')).filter((a): a is string => !!a && a.trim() !== '');
  return addrs.length > 0 ? addrs.join(',') : undefined;
}

/** The key of one entity (`client.admin`) in a keyring, and which entities it holds. */
export function keyringEntry(ini: CephIni, entity: string): { key: string | undefined; entities: string[] } {
  const entities = [...ini.entries()].filter(([name, s]) => name !== 'global' && s.has('key')).map(([name]) => name);
  return { key: ini.get(entity)?.get('key'), entities };
}
