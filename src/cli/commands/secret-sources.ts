import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError } from './cli-error.js';

const validKey = /^[-._a-zA-Z0-9]+$/;

function addKey(data: Record<string, string>, key: string, value: Buffer, secretName: string): void {
  if (!validKey.test(key)) throw new CliError(`"${key}" is not a valid key name for a Secret: a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
  if (key in data) throw new CliError(`cannot add key ${key}, another key by that name already exists in Data for Secret "${secretName}"`);
  data[key] = value.toString('base64');
}

function readSource(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CliError(`error reading ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: err });
  }
}

/** The base64 `data` of a generic Secret from --from-literal=k=v and --from-file=[k=]path. */
export function secretData(name: string, literals: string[], files: string[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const lit of literals) {
    const eq = lit.indexOf('=');
    // Never echo the argument: it holds the value.
    if (eq <= 0) throw new CliError('invalid literal source: expected key=value');
    addKey(data, lit.slice(0, eq), Buffer.from(lit.slice(eq + 1)), name);
  }
  for (const spec of files) {
    const eq = spec.indexOf('=');
    const key = eq > 0 ? spec.slice(0, eq) : undefined;
    const path = eq > 0 ? spec.slice(eq + 1) : spec;
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new CliError(`error reading ${path}: no such file or directory`);
    }
    if (isDir) {
      if (key) throw new CliError(`cannot give a key name for a directory path: ${path}`);
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        if (entry.isFile()) addKey(data, entry.name, readSource(join(path, entry.name)), name);
      }
    } else {
      addKey(data, key ?? basename(path), readSource(path), name);
    }
  }
  return data;
}
