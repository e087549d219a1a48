import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { ContainerLogRef } from './types.js';
import type { LogOptions } from './log-options.js';

const chunkSize = 64 * 1024;
/** How often a follower looks at the file when no fs.watch event arrives (and rechecks isRunning). */
const defaultPollMs = 250;

/** The byte offset where the last `lines` lines of the file start (a final '\n' ends the last line). */
export async function tailOffset(fh: FileHandle, size: number, lines: number): Promise<number> {
  if (lines === 0) return size;
  let pos = size;
  let newlines = 0;
  let skippedFinal = false;
  const buf = Buffer.alloc(chunkSize);
  while (pos > 0) {
    const len = Math.min(chunkSize, pos);
    pos -= len;
    const { bytesRead } = await fh.read(buf, 0, len, pos);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buf[i] !== 0x0a) continue;
      if (!skippedFinal && pos + i === size - 1) {
        skippedFinal = true;
        continue;
      }
      newlines++;
      if (newlines === lines) return pos + i + 1;
    }
  }
  return 0;
}

/** Where the log output goes; write resolves once the sink can take more (backpressure). */
export interface LogSink {
  write(chunk: Buffer): Promise<void>;
  /** True once the reader went away: stop reading. */
  readonly closed: boolean;
}

export interface StreamLogDeps {
  pollMs?: number;
}

/**
 * Copies a container's log file to the sink: from the tail offset, up to limitBytes; with follow it
 * keeps copying appended data until the container no longer runs and the file is drained, or the
 * sink closes. Waiting uses fs.watch plus a slow poll, never a busy loop.
 */
export async function streamLogFile(ref: ContainerLogRef, options: LogOptions, sink: LogSink, deps: StreamLogDeps = {}): Promise<void> {
  const fh = await open(ref.path, 'r');
  let watcher: FSWatcher | undefined;
  let wake: (() => void) | undefined;
  try {
    const size = (await fh.stat()).size;
    let offset = options.tailLines === undefined ? 0 : await tailOffset(fh, size, options.tailLines);
    let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
    const buf = Buffer.alloc(chunkSize);
    const drain = async (): Promise<void> => {
      for (;;) {
        if (sink.closed || budget <= 0) return;
        const { bytesRead } = await fh.read(buf, 0, Math.min(chunkSize, budget), offset);
        if (bytesRead === 0) return;
        offset += bytesRead;
        budget -= bytesRead;
        await sink.write(Buffer.from(buf.subarray(0, bytesRead)));
      }
    };
    await drain();
    if (!options.follow) return;
    try {
      watcher = watch(ref.path, { persistent: false }, () => wake?.());
      watcher.on('error', () => undefined);
    } catch {
      watcher = undefined; // polling alone still works
    }
    const pollMs = deps.pollMs ?? defaultPollMs;
    while (!sink.closed && budget > 0) {
      // read isRunning before draining: output written before the container ended is never lost
      const running = ref.isRunning();
      await drain();
      if (!running || sink.closed || budget <= 0) return;
      const current = await stat(ref.path).catch(() => undefined);
      if (current && current.size < offset) offset = 0; // truncated: start again
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    watcher?.close();
    await fh.close();
  }
}
