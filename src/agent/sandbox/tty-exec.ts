import { spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PassThrough, Writable } from 'node:stream';
import { killGroup, spawnPiped } from './exec-process.js';
import { failedExec } from './failed-exec.js';
import { systemTool } from './system-tool.js';
import type { ExecProcess } from './types.js';

/** The part of node-pty (an optional native dependency) this module uses. */
interface PtyProcess {
  readonly pid: number;
  onData(listener: (data: string | Buffer) => void): unknown;
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): unknown;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
}
interface PtyModule {
  spawn(file: string, args: string[], options: { name: string; cols: number; rows: number; env: Record<string, string>; encoding: null }): PtyProcess;
}

let ptyModule: PtyModule | null | undefined;

/** node-pty if it is installed and loads, else undefined (then `script` stands in). */
export function loadNodePty(): PtyModule | undefined {
  if (ptyModule === undefined) {
    try {
      ptyModule = createRequire(import.meta.url)('node-pty') as PtyModule;
    } catch {
      ptyModule = null;
    }
  }
  return ptyModule ?? undefined;
}

export type TtyBackend = 'node-pty' | 'script';

/** Runs argv on a pseudo-terminal: one output stream (stdout), stderr undefined. */
export function spawnTty(file: string, args: string[], env: Record<string, string>, backend?: TtyBackend): ExecProcess {
  const pty = backend === 'script' ? undefined : loadNodePty();
  if (pty) return spawnNodePty(pty, file, args, { TERM: 'xterm', ...env });
  if (backend === 'node-pty') return failedExec(true, 'exec: node-pty is not installed', 126);
  return spawnScript(file, args, { TERM: 'xterm', ...env });
}

function spawnNodePty(pty: PtyModule, file: string, args: string[], env: Record<string, string>): ExecProcess {
  const stdout = new PassThrough();
  let child: PtyProcess;
  try {
    child = pty.spawn(file, args, { name: env['TERM'] ?? 'xterm', cols: 80, rows: 24, env, encoding: null });
  } catch (err) {
    return failedExec(true, `exec: ${(err as Error).message}`, 126);
  }
  let done = false;
  child.onData((data) => stdout.write(data));
  const exited = new Promise<{ exitCode: number }>((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      done = true;
      stdout.end();
      resolve({ exitCode: signal ? 128 + signal : exitCode });
    });
  });
  const stdin = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!done) child.write(chunk);
      callback();
    },
  });
  return {
    stdin,
    stdout,
    stderr: undefined,
    resize: (cols, rows) => {
      if (!done && cols > 0 && rows > 0) child.resize(cols, rows);
    },
    exited,
    kill: () => {
      if (!done) killGroup(child.pid);
    },
  };
}

const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Without node-pty: util-linux `script` gives the process a pseudo-terminal and copies it to a pipe
 * (running the command through $SHELL -c). The terminal starts at 80x24; resize() sets the size on
 * script's terminal with `stty -F` (the kernel then sends SIGWINCH), found through script's child.
 */
function spawnScript(file: string, args: string[], env: Record<string, string>): ExecProcess {
  const command = [file, ...args].map(shellQuote).join(' ');
  const p = spawnPiped(systemTool('script'), ['-q', '-e', '-c', `stty cols 80 rows 24 2>/dev/null; exec ${command}`, '/dev/null'], env);
  const resize = (cols: number, rows: number): void => {
    const terminal = scriptTerminal(p.pid);
    if (terminal === undefined || !(cols > 0 && rows > 0)) return;
    spawnSync(systemTool('stty'), ['-F', terminal, 'cols', String(cols), 'rows', String(rows)], { stdio: 'ignore', timeout: 5000 });
  };
  return { ...p, stderr: undefined, resize };
}

/** The /dev/pts/N that script's child (the session it made) has as stdin. */
function scriptTerminal(scriptPid: number | undefined): string | undefined {
  if (scriptPid === undefined) return undefined;
  try {
    const [child] = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/);
    const tty = child ? readlinkSync(`/proc/${child}/fd/0`) : '';
    return tty.startsWith('/dev/pts/') ? tty : undefined;
  } catch {
    return undefined;
  }
}
