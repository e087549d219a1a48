import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The data dir: --data-dir, else $ORDINAL_HOME, else ~/.ordinal. */
export function dataDirFrom(flag: string | undefined): string {
  return resolve(flag ?? process.env['ORDINAL_HOME'] ?? join(homedir(), '.ordinal'));
}
