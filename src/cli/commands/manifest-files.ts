import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { JsonObject } from '../../client/index.js';
import { CliError } from './cli-error.js';
import { splitManifests } from './manifest-split.js';

export interface Manifest {
  /** The file it came from (`STDIN` for -). */
  source: string;
  object: JsonObject;
}

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

function filesIn(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...filesIn(path, true));
    } else if (manifestExtensions.has(extname(entry.name).toLowerCase())) {
      out.push(path);
    }
  }
  return out;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

/** Every object in the files, directories (and `-` for stdin) given with -f, in order. */
export function readManifests(paths: string[], recursive: boolean, readStdin: () => string = () => readFileSync(0, 'utf8')): Manifest[] {
  if (paths.length === 0) throw new CliError('must specify one of -f and -k');
  const out: Manifest[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(...splitManifests(readStdin(), 'STDIN').map((object) => ({ source: 'STDIN', object })));
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new CliError(`the path "${path}" does not exist`);
    }
    for (const file of isDir ? filesIn(path, recursive) : [path]) {
      out.push(...splitManifests(readText(file), file).map((object) => ({ source: file, object })));
    }
  }
  return out;
}
